/** How long and how often a caller may retry (BUDGETS below). */
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

/**
 * Every retry budget, in one table, with the values that apply.
 * - `action`: an action node call can afford to wait out Aurora's rate limit.
 * - `delivery`: a delivery's retrieval. Aurora counts a delivery as failed unless it has a 2xx within 10 s,
 *   measured on its side, and after webhook() returns n8n still has to start the execution (a database
 *   write, and under load a queue): in the fault suite, on 2 busy cores, n8n's own part reached about
 *   3.5 s. So the deadline counts from when webhook() started (trigger/deliveries/retrieve.ts), and one
 *   attempt may not use it all up, or a single hung request leaves no retry.
 * - `lifecycle`: subscription housekeeping during activation, where n8n's UI (and on 1.x the start-up of
 *   every other workflow) is waiting. Kept short: a passing failure here costs nothing, because set-up
 *   keeps what exists and the scheduled check finishes the job once Aurora answers again.
 * - `page`: one page of the catch-up's lists: one request, never repeated within a pass; a failure ends
 *   the page's turn until the next tick.
 */
export const BUDGETS = Object.freeze({
	action: Object.freeze({ maxAttempts: 6, deadlineMs: 180_000, attemptTimeoutMs: 30_000, maxBackoffMs: 30_000, baseBackoffMs: 1_000 }),
	delivery: Object.freeze({ maxAttempts: 4, deadlineMs: 4_500, attemptTimeoutMs: 2_000, maxBackoffMs: 1_500, baseBackoffMs: 250 }),
	lifecycle: Object.freeze({ maxAttempts: 4, deadlineMs: 20_000, attemptTimeoutMs: 8_000, maxBackoffMs: 5_000, baseBackoffMs: 1_000 }),
	page: Object.freeze({ maxAttempts: 1, deadlineMs: 30_000, attemptTimeoutMs: 20_000, maxBackoffMs: 0, baseBackoffMs: 0 }),
}) satisfies Record<string, Readonly<RetryBudget>>;

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
