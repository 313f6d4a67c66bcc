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
