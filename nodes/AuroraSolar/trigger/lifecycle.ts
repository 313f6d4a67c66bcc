import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import { findEvent } from '../events';
import { resolveConnection } from '../transport/request';
import { forgetFreshSecrets } from './fresh-secrets';
import { exclusively, lockKey } from './lock';
import { unreachableReason } from './reachability';
import type { ReconcileReport } from './reconcile';
import { reconcile } from './reconcile';
import {
	readPendingRemovals,
	readRetiredSecrets,
	readSubscriptions,
	retireSecrets,
	writePendingRemovals,
	writeRetiredSecrets,
	writeSubscriptions,
} from './static-data';
import { listSubscriptions, removalError, removeAll } from './subscriptions';
import { pointsAt } from './url-template';

export function selectedEvents(context: { getNodeParameter(name: string, fallback: unknown): unknown }): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	return [...new Set(Array.isArray(events) ? events : [])];
}

/**
 * A fresh activation (after a deactivation, or the first one) ends the secrets of earlier
 * subscriptions. Saves, republishes and restarts keep them for their lifetime, so Aurora's queued
 * redeliveries to a subscription n8n just replaced are still accepted.
 */
function settleRetiredSecrets(this: IHookFunctions): void {
	const staticData = this.getWorkflowStaticData('node');
	writeRetiredSecrets(staticData, this.getActivationMode() === 'activate' ? [] : readRetiredSecrets(staticData));
}

/**
 * What set-up reports to n8n. A permanent problem (revoked token, missing permission, rejected
 * template) is thrown so the user sees it. A passing one is thrown only when nothing is listening
 * at all: n8n calls delete() right after a throw, and while any subscription works, keeping the
 * workflow active loses nothing; the scheduled check finishes the job once Aurora is back.
 */
function settle(this: IHookFunctions, report: ReconcileReport): boolean {
	const permanent = report.problems.find((problem) => !problem.transient);
	if (permanent) throw permanent.error;
	const [first] = report.problems;
	if (first && report.missing.length === 0) {
		this.logger.warn(`Aurora Solar Trigger: kept the subscriptions as they are; Aurora could not be asked about them: ${first.error.message}`);
		return true;
	}
	if (report.missing.length === 0) return true;
	const cause = first?.error.message ?? 'no answer';
	if (report.live.length + report.unverified.length > 0) {
		this.logger.warn(
			`Aurora Solar Trigger: could not subscribe to ${report.missing.join(', ')} yet (${cause}); the scheduled subscription check retries.`,
		);
		return true;
	}
	const message = `Aurora is unavailable, so the webhook subscriptions could not be set up: ${cause}`;
	throw new NodeApiError(this.getNode(), { message }, {
		message,
		description: "Nothing was subscribed and nothing was deleted. Aurora's API failed with an error that usually passes; activate the workflow again in a few minutes.",
		httpCode: first ? String((first.error as NodeApiError).httpCode ?? '') : undefined,
	});
}

function logActions(this: IHookFunctions, report: ReconcileReport): void {
	if (report.actions.length > 0) this.logger.info(`Aurora Solar Trigger: ${report.actions.join('; ')}`);
}

/**
 * n8n calls this at every activation (and on n8n 1.x at every restart). It checks every stored
 * subscription and mends what it can itself: a deleted one is recreated and a disabled one
 * re-enabled with the same secret, duplicates and leftovers are removed. Healthy subscriptions are
 * never replaced, so their pending redeliveries are not lost.
 */
export async function checkSubscriptions(this: IHookFunctions): Promise<boolean> {
	return await exclusively(lockKey(this), async () => {
		settleRetiredSecrets.call(this);
		if (Object.keys(readSubscriptions(this.getWorkflowStaticData('node'))).length === 0) return false;
		const report = await reconcile.call(this, {
			webhookUrl: this.getNodeWebhookUrl('default') as string,
			events: selectedEvents(this),
			mayChooseSecrets: true,
		});
		logActions.call(this, report);
		return settle.call(this, report);
	});
}

/** Subscribes every selected event that checkSubscriptions() did not already cover. */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const { environment } = await resolveConnection.call(this);
	const problem = unreachableReason(webhookUrl, environment);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `Aurora cannot deliver to this n8n: ${problem}`, {
			description:
				"Set N8N_WEBHOOK_URL (WEBHOOK_URL on older n8n versions) to n8n's public HTTPS address, for example behind a reverse proxy or a tunnel, then activate the workflow again.",
		});
	}
	const events = selectedEvents(this);
	if (events.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No event selected', {
			description: 'Choose at least one Aurora event under Events.',
		});
	}
	const unknown = events.find((event) => !findEvent(event));
	if (unknown) {
		throw new NodeOperationError(this.getNode(), `"${unknown}" is not an Aurora event this node knows`, {
			description: 'Remove it from Events; the list shows every supported event.',
		});
	}
	return await exclusively(lockKey(this), async () => {
		settleRetiredSecrets.call(this);
		const report = await reconcile.call(this, { webhookUrl, events, mayChooseSecrets: true });
		logActions.call(this, report);
		return settle.call(this, report);
	});
}

/**
 * Removes every subscription this node created: stored ones first, then any leftover at its URL.
 * Their secrets are retired, not forgotten: when n8n removes subscriptions to replace them (a save
 * on 1.x, a republish with changed parameters on 2.x), Aurora's queued redeliveries still land.
 */
export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	forgetFreshSecrets(lockKey(this));
	return await exclusively(lockKey(this), async () => {
		const webhookUrl = this.getNodeWebhookUrl('default') as string;
		const staticData = this.getWorkflowStaticData('node');
		const stored = readSubscriptions(staticData);
		retireSecrets(staticData, Object.values(stored));
		const storedIds = Object.values(stored).map((subscription) => subscription.id);
		const failures = await removeAll.call(this, [...storedIds, ...readPendingRemovals(staticData)]);
		writeSubscriptions(
			staticData,
			Object.fromEntries(Object.entries(stored).filter(([, subscription]) => failures.has(subscription.id))),
		);
		writePendingRemovals(staticData, [...failures.keys()].filter((id) => !storedIds.includes(id)));
		if (failures.size > 0) throw removalError(failures);

		const leftovers = ((await listSubscriptions.call(this)) ?? [])
			.filter((subscription) => pointsAt(subscription.url_template, webhookUrl))
			.map((subscription) => String(subscription.id ?? ''));
		const leftoverFailures = await removeAll.call(this, leftovers);
		writePendingRemovals(staticData, leftoverFailures.keys());
		if (leftoverFailures.size > 0) throw removalError(leftoverFailures);
		return true;
	});
}
