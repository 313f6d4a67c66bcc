import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../transport/envelope';

/** What the trigger remembers per subscription it created; only ids and secrets, never the token. */
export interface StoredSubscription {
	id: string;
	event: string;
	secret: string;
	/** The webhook URL the subscription was created for. */
	url: string;
}

export type StoredSubscriptions = Record<string, StoredSubscription>;

export function readSubscriptions(staticData: IDataObject): StoredSubscriptions {
	const raw = staticData.subscriptions;
	const result: StoredSubscriptions = {};
	if (!isObject(raw)) return result;
	for (const [event, value] of Object.entries(raw)) {
		if (!isObject(value)) continue;
		const { id, secret, url } = value;
		if (typeof id !== 'string' || typeof secret !== 'string') continue;
		result[event] = { id, event, secret, url: typeof url === 'string' ? url : '' };
	}
	return result;
}

export function writeSubscriptions(staticData: IDataObject, subscriptions: StoredSubscriptions): void {
	if (Object.keys(subscriptions).length === 0) {
		delete staticData.subscriptions;
		return;
	}
	staticData.subscriptions = { ...subscriptions } as unknown as IDataObject;
}

/**
 * Ids of our subscriptions that a cleanup failed to delete. Kept so that the next activation or
 * deactivation retries them, even when they no longer point at this node's URL.
 */
export function readPendingRemovals(staticData: IDataObject): string[] {
	const raw = staticData.pendingRemovals;
	return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
}

export function writePendingRemovals(staticData: IDataObject, ids: Iterable<string>): void {
	const unique = [...new Set(ids)];
	if (unique.length === 0) delete staticData.pendingRemovals;
	else staticData.pendingRemovals = unique;
}
