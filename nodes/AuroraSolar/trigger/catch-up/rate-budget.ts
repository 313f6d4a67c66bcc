/**
 * How many list requests the catch-up sweep may send. Aurora allows 90 requests a minute per API key,
 * shared by everything that uses the key: deliveries must keep their share. So the sweep takes at most
 * a third of a minute's budget in any 60 s, and at most a tenth of the key's budget averaged over an
 * hour, which stretches its cadence on large tenants (10,000 leads are 40 pages: at most 13 full
 * passes an hour). After a 429 it sends nothing until Aurora allows it again.
 */
export const AURORA_REQUESTS_PER_MINUTE = 90;
export const SWEEP_REQUESTS_PER_MINUTE = AURORA_REQUESTS_PER_MINUTE / 3;
export const SWEEP_REQUESTS_PER_HOUR = (AURORA_REQUESTS_PER_MINUTE * 60) / 10;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export class RateBudget {
	/** When each request of the last hour went out, oldest first. */
	private readonly sent: number[] = [];
	private pausedUntil = 0;

	constructor(
		readonly perMinute: number = SWEEP_REQUESTS_PER_MINUTE,
		readonly perHour: number = SWEEP_REQUESTS_PER_HOUR,
	) {}

	/** Takes one request from the budget if both windows allow it and no pause is on. */
	take(now: number = Date.now()): boolean {
		while (this.sent.length > 0 && now - this.sent[0] >= HOUR_MS) this.sent.shift();
		if (now < this.pausedUntil) return false;
		const lastMinute = this.sent.filter((at) => now - at < MINUTE_MS).length;
		if (lastMinute >= this.perMinute || this.sent.length >= this.perHour) return false;
		this.sent.push(now);
		return true;
	}

	/** Aurora answered 429: nothing more until it said (or a minute, when it did not say). */
	pause(retryAfterSeconds: number | undefined, now: number = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + (retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : MINUTE_MS));
	}

	/** Requests sent in the last hour. */
	get lastHour(): number {
		return this.sent.length;
	}

	/** Nothing sent in the last hour and no pause on: it holds nothing a new budget would not. */
	get idle(): boolean {
		const now = Date.now();
		return now >= this.pausedUntil && this.sent.every((at) => now - at >= HOUR_MS);
	}
}
