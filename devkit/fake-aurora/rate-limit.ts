/**
 * Sliding-window rate limit per API key, as Aurora documents it ("90 requests per minute",
 * "applied to all requests sent with the same API key", 429 with Retry-After).
 * A sliding log rather than a fixed bucket so a burst straddling a minute boundary is still
 * caught, which is the stricter (safer to test against) interpretation.
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
	/** Accepted-request timestamps per key, ascending. Rejected requests are not counted. */
	private readonly windows = new Map<string, number[]>();

	check(key: string, limit: number, windowMs: number, now: number = Date.now()): RateDecision {
		if (limit <= 0) return { allowed: true };
		let stamps = this.windows.get(key);
		if (!stamps) {
			stamps = [];
			this.windows.set(key, stamps);
		}
		const cutoff = now - windowMs;
		let expired = 0;
		while (expired < stamps.length && stamps[expired] <= cutoff) expired++;
		if (expired > 0) stamps.splice(0, expired);
		if (stamps.length >= limit) {
			// The oldest counted request leaves the window first; that is when one slot frees up.
			const waitMs = stamps[stamps.length - limit] + windowMs - now;
			return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
		}
		stamps.push(now);
		return { allowed: true };
	}

	reset(): void {
		this.windows.clear();
	}
}
