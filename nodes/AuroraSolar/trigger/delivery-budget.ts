import type { RetryBudget } from '../transport/retry';
import { DELIVERY_BUDGET } from '../transport/retry';

/**
 * Aurora counts a delivery as failed unless it has a 2xx within 10 s, measured on its side. After
 * webhook() returns, n8n still has to start the execution (a database write, and under load a
 * queue), so retrieval must be over well before then: in the fault suite, on 2 busy cores, n8n's own
 * part reached about 3.5 s. Measured from when webhook() started: n8n
 * does not tell a node when the request arrived, so the margin also covers its routing before us.
 */
export const RETRIEVAL_DEADLINE_MS = 4_500;

/** One attempt may not use up the whole deadline, or a single hung request leaves no retry. */
const LONGEST_ATTEMPT_MS = 2_000;

/** The retry budget left for a delivery that webhook() started handling at `receivedAt`. */
export function deliveryBudget(receivedAt: number, now: number = Date.now()): RetryBudget {
	return {
		...DELIVERY_BUDGET,
		deadlineMs: Math.max(0, receivedAt + RETRIEVAL_DEADLINE_MS - now),
		attemptTimeoutMs: Math.min(DELIVERY_BUDGET.attemptTimeoutMs, LONGEST_ATTEMPT_MS),
	};
}
