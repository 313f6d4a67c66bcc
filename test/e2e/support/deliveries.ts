/**
 * Copies of Aurora's deliveries on demand, and waiting until n8n has run all of them.
 *
 * The fake runs with `autoDeliver: false`, so creating or changing a lead delivers nothing by itself;
 * `atOnce()` then fires the event several times per lead at the same moment through the fake's admin
 * `POST /__admin/fire`, which delivers to the real subscription with its secret: what a burst of
 * Aurora redeliveries, or a webhook and a caught-up copy arriving together, looks like to n8n.
 */
import type { ExecutionSummary } from '../../../devkit/n8n/n8n-instance';
import type { FakeAuroraClient } from '../../../devkit/fake-aurora/client';
import type { DeliveryAttempt } from '../../../devkit/fake-aurora/types';
import type { AuroraStack } from '../../../devkit/stack/stack';
import { waitFor } from '../../../devkit/stack/subscriptions';

export interface Settled {
	executions: ExecutionSummary[];
	attempts: DeliveryAttempt[];
}

export class DeliveryBursts {
	private fired = 0;
	/** The workflow's executions before reset(): settle() waits for executions beyond these. */
	private baseline = 0;

	constructor(
		private readonly stack: AuroraStack,
		private readonly admin: FakeAuroraClient,
	) {}

	/**
	 * Starts counting afresh for `workflowId`, the one active workflow (so every fire reaches exactly
	 * it). Call it when the workflow's earlier executions have finished (after settle()).
	 */
	async reset(workflowId: string): Promise<void> {
		await this.admin.clearDeliveries();
		this.fired = 0;
		this.baseline = (await this.stack.n8n.listExecutions({ workflowId })).length;
	}

	/** Fires `event` `copies` times for every lead, all at the same moment. */
	async atOnce(event: string, leadIds: string[], copies: number): Promise<void> {
		const matched = await Promise.all(leadIds.flatMap((id) => Array.from({ length: copies }, () => this.admin.fire(event, { LEAD_ID: id }))));
		const wrong = matched.filter((count) => count !== 1);
		if (wrong.length) throw new Error(`expected exactly one ${event} subscription to deliver to, the fake matched ${wrong.join(', ')}`);
		this.fired += matched.length;
	}

	/** One copy per lead, one lead after the other, each waited for: redeliveries spread over time. */
	async oneByOne(event: string, leadIds: string[], workflowId: string): Promise<void> {
		for (const id of leadIds) {
			await this.atOnce(event, [id], 1);
			await this.settle(workflowId);
		}
	}

	/**
	 * Waits until the fake has delivered everything fired since reset() (retries included) and n8n has
	 * finished an execution for every delivery it accepted (n8n 1.x answers before it creates the
	 * execution, so the answers alone do not say the runs exist). Returns the executions since reset().
	 */
	async settle(workflowId: string, timeoutMs = 180_000): Promise<Settled> {
		const attempts = await waitFor(
			`${this.fired} deliveries to be answered`,
			async () => {
				const state = await this.admin.deliveryState();
				const ids = new Set(state.deliveries.map((attempt) => attempt.deliveryId));
				return ids.size >= this.fired && state.inFlight === 0 && state.pendingRetries === 0 ? state.deliveries : undefined;
			},
			timeoutMs,
		);
		const accepted = attempts.filter((attempt) => attempt.ok).length;
		const executions = await waitFor(
			`${accepted} finished executions`,
			async () => {
				const all = await this.stack.n8n.listExecutions({ workflowId, includeData: true });
				// Newest first: the ones since reset() are at the front.
				const since = all.slice(0, Math.max(0, all.length - this.baseline));
				return since.length >= accepted && all.every((execution) => execution.stoppedAt) ? since : undefined;
			},
			timeoutMs,
		);
		return { executions, attempts };
	}
}

/** Counts of a value, e.g. answers by status: `{ "200": 20 }`. */
export function tally(values: Array<string | number | undefined>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
	return counts;
}
