import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../transport/envelope';

/** What the trigger remembers per event it subscribed to; only ids and secrets, never the token. */
export interface StoredSubscription {
	/**
	 * Aurora's id of the subscription, or '' while it is not confirmed: the secret is chosen and kept
	 * before the create request goes out, so a create whose answer was lost, or one that failed during
	 * an outage, can still be adopted or made later with the same secret.
	 */
	id: string;
	event: string;
	secret: string;
	/** The webhook URL the subscription delivers to. */
	url: string;
}

export type StoredSubscriptions = Record<string, StoredSubscription>;

/** A secret of a subscription n8n removed, kept only as a hash so that its queued redeliveries still land. */
export interface RetiredSecret {
	event: string;
	/** SHA-256 of the secret, hex. */
	hash: string;
	/** When the subscription was removed (ms since the epoch). */
	retiredAt: number;
}

/** How long a retired secret is still accepted: Aurora's last redelivery comes about 24 h after the event. */
export const RETIRED_SECRET_LIFETIME_MS = 72 * 60 * 60 * 1000;

export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Reads defensively: static data written by an older version, or damaged, never breaks a delivery. */
export function readSubscriptions(staticData: IDataObject): StoredSubscriptions {
	const raw = staticData.subscriptions;
	const result: StoredSubscriptions = {};
	if (!isObject(raw)) return result;
	for (const [event, value] of Object.entries(raw)) {
		if (!isObject(value)) continue;
		const { id, secret, url } = value;
		if (typeof secret !== 'string' || secret === '') continue;
		result[event] = {
			id: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
			event,
			secret,
			url: typeof url === 'string' ? url : '',
		};
	}
	return result;
}

export function writeSubscriptions(staticData: IDataObject, subscriptions: StoredSubscriptions): void {
	if (Object.keys(subscriptions).length === 0) {
		delete staticData.subscriptions;
		return;
	}
	staticData.subscriptions = Object.fromEntries(
		Object.entries(subscriptions).map(([event, subscription]) => [event, { ...subscription }]),
	) as unknown as IDataObject;
}

/** Retired secrets still within their lifetime at `now`. */
export function readRetiredSecrets(staticData: IDataObject, now: number = Date.now()): RetiredSecret[] {
	const raw = staticData.retiredSecrets;
	if (!Array.isArray(raw)) return [];
	return raw.filter(
		(entry): entry is RetiredSecret =>
			isObject(entry) &&
			typeof entry.event === 'string' &&
			typeof entry.hash === 'string' &&
			/^[0-9a-f]{64}$/.test(entry.hash) &&
			typeof entry.retiredAt === 'number' &&
			now - entry.retiredAt < RETIRED_SECRET_LIFETIME_MS &&
			entry.retiredAt <= now + 60_000,
	);
}

export function writeRetiredSecrets(staticData: IDataObject, retired: RetiredSecret[]): void {
	if (retired.length === 0) delete staticData.retiredSecrets;
	else staticData.retiredSecrets = retired.map((entry) => ({ ...entry })) as unknown as IDataObject[];
}

/** Adds the secrets of these subscriptions to the retired ones, dropping expired entries. */
export function retireSecrets(staticData: IDataObject, subscriptions: StoredSubscription[], now: number = Date.now()): void {
	const retired = readRetiredSecrets(staticData, now);
	const known = new Set(retired.map((entry) => entry.hash));
	for (const subscription of subscriptions) {
		const hash = hashSecret(subscription.secret);
		if (!known.has(hash)) retired.push({ event: subscription.event, hash, retiredAt: now });
		known.add(hash);
	}
	writeRetiredSecrets(staticData, retired);
}

/**
 * Ids of our subscriptions that a cleanup failed to delete. Kept so that the next check, activation
 * or deactivation retries them, even when they no longer point at this node's URL.
 */
export function readPendingRemovals(staticData: IDataObject): string[] {
	const raw = staticData.pendingRemovals;
	return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

export function writePendingRemovals(staticData: IDataObject, ids: Iterable<string>): void {
	const unique = [...new Set(ids)].filter((id) => id !== '');
	if (unique.length === 0) delete staticData.pendingRemovals;
	else staticData.pendingRemovals = unique;
}
