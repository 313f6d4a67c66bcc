/**
 * Aurora gives up on a delivery after 10 s, counted on its side; a later 2xx is a failure to Aurora
 * and a duplicate to the user. The retrieval budget is what is left of a fixed window that starts
 * when webhook() starts, whatever happened before the retrieval began.
 */
import { RETRIEVAL_DEADLINE_MS, deliveryBudget } from '../../../nodes/AuroraSolar/trigger/deliveries/retrieve';
import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';

describe('deliveryBudget', () => {
	const receivedAt = 1_000_000;

	it('leaves the whole window when retrieval starts at once', () => {
		expect(deliveryBudget(receivedAt, receivedAt).deadlineMs).toBe(RETRIEVAL_DEADLINE_MS);
	});

	it('shrinks by the time already spent (for example reading the credential)', () => {
		expect(deliveryBudget(receivedAt, receivedAt + 2_000).deadlineMs).toBe(RETRIEVAL_DEADLINE_MS - 2_000);
	});

	it('is empty, never negative, once the window has passed', () => {
		expect(deliveryBudget(receivedAt, receivedAt + RETRIEVAL_DEADLINE_MS + 5_000).deadlineMs).toBe(0);
	});

	it('keeps each attempt short enough that a hung request leaves room for a retry', () => {
		const budget = deliveryBudget(receivedAt, receivedAt);
		expect(budget.attemptTimeoutMs * 2).toBeLessThanOrEqual(budget.deadlineMs);
		expect(budget.maxAttempts).toBe(BUDGETS.delivery.maxAttempts);
	});
});
