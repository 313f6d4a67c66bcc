import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Delivery secrets. None is ever stored in plain text: static data (which n8n copies into the
 * workflow JSON, and on 1.x into every execution) holds only a random nonce and the SHA-256 of the
 * secret. The secret itself is derived, when a subscription has to be created or mended, as an HMAC
 * keyed with the API token (which n8n keeps encrypted) over the node and the event: whoever can read
 * the workflow or its executions still cannot forge a delivery.
 */

/** A fresh nonce for a subscription that needs a new secret: a first activation, a new event. */
export function newNonce(): string {
	return randomBytes(16).toString('hex');
}

/** The secret of the subscription for `event` of the node `scope` (see node-identity.ts nodeKey) with this nonce. */
export function deriveSecret(token: string, scope: string, event: string, nonce: string): string {
	return createHmac('sha256', token).update(`n8n-nodes-aurora-solar delivery secret v1\n${scope}\n${event}\n${nonce}`).digest('hex');
}

/** SHA-256 of a secret, hex: what static data keeps. */
export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/**
 * Whether any provided value hashes to one of the accepted hashes (hex SHA-256). Every comparison
 * runs in constant time on equal-length digests, and all of them run whatever matched, so neither the
 * content nor the number of secrets leaks through timing.
 */
export function matchesAnyHash(provided: string[], hashes: string[]): boolean {
	const candidates = hashes.map((hash) => Buffer.from(hash, 'hex')).filter((digest) => digest.length === 32);
	let matched = false;
	for (const value of provided) {
		if (value === '') continue;
		const digest = createHash('sha256').update(value).digest();
		for (const candidate of candidates) if (timingSafeEqual(digest, candidate)) matched = true;
	}
	return matched;
}

/**
 * Hashes of secrets set-up chose in this process that n8n has not saved yet. n8n saves static data
 * only once set-up has finished, but Aurora may deliver as soon as it has the subscription: without
 * this, such a delivery would be refused (401) and arrive only with Aurora's redelivery 30 s later.
 * Webhook processors in queue mode run elsewhere and still see that short gap; the redelivery covers it.
 */
const FRESH_LIFETIME_MS = 2 * 60_000;

const fresh = new Map<string, Array<{ event: string; hash: string; at: number }>>();

export function rememberFreshSecret(key: string, event: string, hash: string, now: number = Date.now()): void {
	const entries = (fresh.get(key) ?? []).filter((entry) => now - entry.at < FRESH_LIFETIME_MS);
	entries.push({ event, hash, at: now });
	fresh.set(key, entries);
}

/** Set-up failed or the node was removed: its unsaved secrets must not open the door. */
export function forgetFreshSecrets(key: string): void {
	fresh.delete(key);
}

export function freshSecretHashes(key: string, event: string, now: number = Date.now()): string[] {
	const entries = fresh.get(key)?.filter((entry) => now - entry.at < FRESH_LIFETIME_MS);
	if (!entries?.length) {
		// Saved by now, or never chosen: nothing of the node's is kept.
		fresh.delete(key);
		return [];
	}
	return entries.filter((entry) => entry.event === event).map((entry) => entry.hash);
}
