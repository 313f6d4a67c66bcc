import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

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

/**
 * Static data is read defensively, one entry at a time: an entry written by an older version, or
 * damaged, is dropped (or a missing field defaulted), never thrown over during a delivery.
 */
const list = z.array(z.unknown()).catch([]);

/** A stored subscription without its event, which is its key. Without a secret it is useless. */
const storedSubscription = z.object({
	id: z.union([z.string(), z.number().transform(String)]).catch(''),
	secret: z.string().min(1),
	url: z.string().catch(''),
});

const retiredSecret = z.object({
	event: z.string(),
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	retiredAt: z.number(),
});

const pendingRemoval = z.string().min(1);

export function readSubscriptions(staticData: IDataObject): StoredSubscriptions {
	const result: StoredSubscriptions = {};
	const stored = staticData.subscriptions;
	if (!isObject(stored)) return result;
	for (const [event, value] of Object.entries(stored)) {
		const parsed = storedSubscription.safeParse(value);
		if (!parsed.success) continue;
		// Built field by field: spreading zod's output object costs V8 several times the parse itself.
		const { id, secret, url } = parsed.data;
		result[event] = { id, event, secret, url };
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
	const result: RetiredSecret[] = [];
	for (const value of list.parse(staticData.retiredSecrets)) {
		const parsed = retiredSecret.safeParse(value);
		if (!parsed.success) continue;
		const { retiredAt } = parsed.data;
		if (now - retiredAt < RETIRED_SECRET_LIFETIME_MS && retiredAt <= now + 60_000) result.push(parsed.data);
	}
	return result;
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
	return list.parse(staticData.pendingRemovals).filter((id): id is string => pendingRemoval.safeParse(id).success);
}

export function writePendingRemovals(staticData: IDataObject, ids: Iterable<string>): void {
	const unique = [...new Set(ids)].filter((id) => id !== '');
	if (unique.length === 0) delete staticData.pendingRemovals;
	else staticData.pendingRemovals = unique;
}
