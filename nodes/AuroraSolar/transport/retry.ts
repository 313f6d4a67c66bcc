/**
 * How long and how often a caller may retry. Actions can afford to wait out Aurora's rate limit;
 * a webhook delivery must answer Aurora within 10 s, so it gets a much tighter budget.
 */
export interface RetryBudget {
	/** Attempts in all, including the first. */
	maxAttempts: number;
	/** Total time from the first attempt after which no new attempt or wait starts. */
	deadlineMs: number;
	/** Timeout of one HTTP attempt; shortened so that no attempt outlives the deadline. */
	attemptTimeoutMs: number;
	/** Cap on one exponential back-off wait (Retry-After is honoured up to the deadline). */
	maxBackoffMs: number;
	/** First back-off wait; doubles on each retry. */
	baseBackoffMs: number;
}

export const ACTION_BUDGET: Readonly<RetryBudget> = Object.freeze({
	maxAttempts: 6,
	deadlineMs: 180_000,
	attemptTimeoutMs: 30_000,
	maxBackoffMs: 30_000,
	baseBackoffMs: 1_000,
});

/** Fits inside Aurora's 10 s delivery timeout with room for n8n's own work. */
export const DELIVERY_BUDGET: Readonly<RetryBudget> = Object.freeze({
	maxAttempts: 4,
	deadlineMs: 7_500,
	attemptTimeoutMs: 3_500,
	maxBackoffMs: 1_500,
	baseBackoffMs: 250,
});

/**
 * Webhook-subscription housekeeping runs during activation, where n8n's UI (and on 1.x the start-up
 * of every other workflow) is waiting. Kept short: a passing failure here costs nothing, because
 * set-up keeps what exists and the scheduled check finishes the job once Aurora answers again.
 */
export const LIFECYCLE_BUDGET: Readonly<RetryBudget> = Object.freeze({
	maxAttempts: 4,
	deadlineMs: 20_000,
	attemptTimeoutMs: 8_000,
	maxBackoffMs: 5_000,
	baseBackoffMs: 1_000,
});

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns seconds (≥ 0),
 * or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const text = String(raw).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	// Only an HTTP date is left; Date.parse would happily read "-1" or "+5" as years.
	if (!/[a-z]/i.test(text)) return undefined;
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, (at - now) / 1000);
}

/** Exponential back-off with jitter, so that many executions retrying together spread out. */
export function backoffMs(budget: RetryBudget, retryNumber: number, random: () => number = Math.random): number {
	const exponential = Math.min(budget.maxBackoffMs, budget.baseBackoffMs * 2 ** Math.max(0, retryNumber - 1));
	return Math.round(exponential * (0.5 + random() / 2));
}
