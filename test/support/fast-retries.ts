import { ACTION_BUDGET, DELIVERY_BUDGET, LIFECYCLE_BUDGET } from '../../nodes/AuroraSolar/transport/retry';
import type { RetryBudget } from '../../nodes/AuroraSolar/transport/retry';

/**
 * Shrinks the back-off waits so retry tests take milliseconds, keeping attempt counts and the
 * structure of each budget. Retry-After waits are not shrunk: tests send small values instead.
 */
export function useFastRetries(): void {
	const saved = new Map<RetryBudget, RetryBudget>();
	beforeAll(() => {
		for (const budget of [ACTION_BUDGET, DELIVERY_BUDGET, LIFECYCLE_BUDGET]) {
			saved.set(budget, { ...budget });
			budget.baseBackoffMs = 5;
			budget.maxBackoffMs = 20;
		}
	});
	afterAll(() => {
		for (const [budget, original] of saved) Object.assign(budget, original);
	});
}

/**
 * Shortens the action budget's per-attempt timeout for the tests in this block, so that a reply
 * nock delays by a second or more counts as a timeout without the test waiting the real 30 s.
 */
export function useShortAttemptTimeout(timeoutMs = 250): void {
	let saved: number;
	beforeEach(() => {
		saved = ACTION_BUDGET.attemptTimeoutMs;
		ACTION_BUDGET.attemptTimeoutMs = timeoutMs;
	});
	afterEach(() => {
		ACTION_BUDGET.attemptTimeoutMs = saved;
	});
}
