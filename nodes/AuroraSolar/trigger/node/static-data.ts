import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { isObject } from '../../transport/envelope';
import { hashSecret } from './secrets';

/**
 * The trigger's node static data for subscriptions and deliveries: what set-up writes and what every
 * delivery reads (a webhook processor loads it from the database for each request). Never a secret
 * and never the token: a subscription's secret is kept as its SHA-256 and the nonce it derives from.
 */
export interface StoredSubscription {
	/**
	 * Aurora's id of the subscription, or '' while it is not confirmed: the secret is chosen and kept
	 * before the create request goes out, so a create whose answer was lost, or one that failed during
	 * an outage, can still be adopted or made later with the same secret.
	 */
	id: string;
	event: string;
	/** The nonce the secret derives from (secrets.ts deriveSecret); '' for an entry written before nonces. */
	nonce: string;
	/** SHA-256 of the subscription's secret, hex. */
	hash: string;
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

/**
 * Static data is read defensively, one entry at a time: an entry written by an older version, or
 * damaged, is dropped (or a missing field defaulted), never thrown over during a delivery.
 */
const list = z.array(z.unknown()).catch([]);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A stored subscription without its event, which is its key. Without a hash it is useless. An entry
 * written before secrets were hashed carries the plain secret: it is read as its hash, and dropped from
 * static data at the next write.
 */
const storedSubscription = z
	.object({
		id: z.union([z.string(), z.number().transform(String)]).catch(''),
		nonce: z.string().regex(/^[0-9a-f]{1,64}$/).catch(''),
		hash: z.string().regex(SHA256_HEX).optional(),
		secret: z.string().min(1).optional(),
		url: z.string().catch(''),
	})
	.refine((entry) => entry.hash !== undefined || entry.secret !== undefined);

const retiredSecret = z.object({
	event: z.string(),
	hash: z.string().regex(SHA256_HEX),
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
		const { id, nonce, hash, secret, url } = parsed.data;
		result[event] = { id, event, nonce, hash: hash ?? hashSecret(secret ?? ''), url };
	}
	return result;
}

export function writeSubscriptions(staticData: IDataObject, subscriptions: StoredSubscriptions): void {
	if (Object.keys(subscriptions).length === 0) {
		delete staticData.subscriptions;
		return;
	}
	staticData.subscriptions = Object.fromEntries(
		Object.entries(subscriptions).map(([event, { id, nonce, hash, url }]) => [event, { id, nonce, hash, url }]),
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

/** Adds the secrets (hashes) of these subscriptions to the retired ones, dropping expired entries. */
export function retireSecrets(staticData: IDataObject, subscriptions: Array<Pick<StoredSubscription, 'event' | 'hash'>>, now: number = Date.now()): void {
	const retired = readRetiredSecrets(staticData, now);
	const known = new Set(retired.map((entry) => entry.hash));
	for (const { event, hash } of subscriptions) {
		if (!known.has(hash)) retired.push({ event, hash, retiredAt: now });
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
