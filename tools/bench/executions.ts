/** Counts a workflow's executions through n8n's public API, newest first, without re-reading old pages. */
import type { ExecutionSummary, N8nInstance } from '../../devkit/n8n/n8n-instance';
import { sleep } from '../../devkit/http';

/** Executions of `workflowId` with an id above `afterId` (ids grow), newest first. */
export async function executionsAfter(n8n: N8nInstance, workflowId: string, afterId: number): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	let cursor: string | undefined;
	for (;;) {
		const page = await n8n.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', '/executions', undefined, {
			workflowId,
			limit: 250,
			cursor,
		});
		for (const execution of page.data) {
			if (Number(execution.id) <= afterId) return out;
			out.push(execution);
		}
		cursor = page.nextCursor ?? undefined;
		if (!cursor) return out;
	}
}

export async function lastExecutionId(n8n: N8nInstance): Promise<number> {
	const page = await n8n.api<{ data: ExecutionSummary[] }>('GET', '/executions', undefined, { limit: 1 });
	return page.data.length ? Number(page.data[0].id) : 0;
}

export interface Completion {
	finished: ExecutionSummary[];
	/** Executions that had not finished when the wait gave up. */
	unfinished: number;
	/** Latest stoppedAt among the finished ones (epoch ms). */
	lastStoppedAt: number;
}

/**
 * Waits until `expected` executions after `afterId` have stopped, or until nothing has changed for
 * `quietMs` (some deliveries may not have started an execution at all).
 */
export async function waitForCompletion(
	n8n: N8nInstance,
	workflowId: string,
	afterId: number,
	expected: number,
	options: { timeoutMs?: number; quietMs?: number } = {},
): Promise<Completion> {
	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	const quietMs = options.quietMs ?? 5_000;
	let lastChange = Date.now();
	let lastCount = -1;
	for (;;) {
		const all = await executionsAfter(n8n, workflowId, afterId);
		const finished = all.filter((execution) => execution.stoppedAt);
		if (finished.length !== lastCount) {
			lastCount = finished.length;
			lastChange = Date.now();
		}
		const done = finished.length >= expected || Date.now() > deadline || (all.length === finished.length && Date.now() - lastChange > quietMs);
		if (done) {
			const lastStoppedAt = Math.max(0, ...finished.map((execution) => Date.parse(String(execution.stoppedAt))));
			return { finished, unfinished: all.length - finished.length, lastStoppedAt };
		}
		await sleep(500);
	}
}
