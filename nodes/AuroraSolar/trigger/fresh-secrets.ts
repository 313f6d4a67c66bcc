/**
 * Secrets chosen by set-up in this process that n8n has not saved yet. n8n saves static data only
 * once set-up has finished, but Aurora may deliver as soon as it has the subscription: without this,
 * such a delivery would be refused (401) and arrive only with Aurora's redelivery 30 s later. Webhook
 * processors in queue mode run elsewhere and still see that short gap; Aurora's redelivery covers it.
 */
const LIFETIME_MS = 2 * 60_000;

const fresh = new Map<string, Array<{ event: string; secret: string; at: number }>>();

export function rememberFreshSecret(key: string, event: string, secret: string, now: number = Date.now()): void {
	const entries = (fresh.get(key) ?? []).filter((entry) => now - entry.at < LIFETIME_MS);
	entries.push({ event, secret, at: now });
	fresh.set(key, entries);
}

/** Set-up failed or the node was removed: its unsaved secrets must not open the door. */
export function forgetFreshSecrets(key: string): void {
	fresh.delete(key);
}

export function freshSecrets(key: string, event: string, now: number = Date.now()): string[] {
	const entries = fresh.get(key);
	if (!entries) return [];
	return entries.filter((entry) => entry.event === event && now - entry.at < LIFETIME_MS).map((entry) => entry.secret);
}
