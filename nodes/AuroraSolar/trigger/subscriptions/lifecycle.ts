import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import { findEvent } from '../../events';
import { failureError } from '../../transport/errors';
import { passesWithTime } from '../../transport/failure';
import type { AuroraFailure } from '../../transport/failure';
import { resolveConnection } from '../../transport/request';
import { nodeKey } from '../node/identity';
import type { TriggerSettings } from '../node/settings';
import { forgetFreshSecrets } from '../node/secrets';
import {
	readPendingRemovals,
	readRetiredSecrets,
	readSubscriptions,
	retireSecrets,
	writePendingRemovals,
	writeRetiredSecrets,
	writeSubscriptions,
} from '../node/static-data';
import { listSubscriptions, removeAll } from './aurora-webhooks';
import { exclusively } from '../node/lock';
import type { ReconcileReport } from './reconcile';
import { reconcile } from './reconcile';
import { pointsAt, unreachableReason } from './url-template';

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
	const permanent = report.problems.find((problem) => !passesWithTime(problem));
	if (permanent) throw failureError(this.getNode(), permanent);
	const [first] = report.problems;
	const firstError = first ? failureError(this.getNode(), first) : undefined;
	if (firstError && report.missing.length === 0) {
		this.logger.warn(`Aurora Solar Trigger: kept the subscriptions as they are; Aurora could not be asked about them: ${firstError.message}`);
		return true;
	}
	if (report.missing.length === 0) return true;
	const cause = firstError?.message ?? 'no answer';
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
		...(first?.status !== undefined ? { httpCode: String(first.status) } : {}),
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
export async function checkSubscriptions(this: IHookFunctions, settings: TriggerSettings): Promise<boolean> {
	return await exclusively(nodeKey(this), async () => {
		settleRetiredSecrets.call(this);
		if (Object.keys(readSubscriptions(this.getWorkflowStaticData('node'))).length === 0) return false;
		const report = await reconcile.call(this, {
			webhookUrl: this.getNodeWebhookUrl('default') as string,
			events: settings.events,
			mayChooseSecrets: true,
		});
		logActions.call(this, report);
		return settle.call(this, report);
	});
}

/** Subscribes every selected event that checkSubscriptions() did not already cover. */
export async function createSubscriptions(this: IHookFunctions, settings: TriggerSettings): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const { environment } = await resolveConnection.call(this);
	const problem = unreachableReason(webhookUrl, environment);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `Aurora cannot deliver to this n8n: ${problem}`, {
			description:
				"Set N8N_WEBHOOK_URL (WEBHOOK_URL on older n8n versions) to n8n's public HTTPS address, for example behind a reverse proxy or a tunnel, then activate the workflow again.",
		});
	}
	const { events } = settings;
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
	return await exclusively(nodeKey(this), async () => {
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
 *
 * A failure that passes with time is logged, never thrown: what could not be removed is kept in
 * static data, and the next set-up or scheduled check removes or adopts it. Throwing would gain
 * nothing and cost deliveries: n8n 2.x retries a failed deregistration for about half a minute before
 * it activates the new version of a republished workflow, and deliveries in that window are lost.
 */
export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	forgetFreshSecrets(nodeKey(this));
	return await exclusively(nodeKey(this), async () => {
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
		if (failures.size > 0) return leftBehind.call(this, failures);

		const listed = await listSubscriptions.call(this);
		if (!listed.ok) return leftBehind.call(this, new Map([['', listed.failure]]), "the leftovers at this node's URL (Aurora could not list them)");
		const leftovers = (Array.isArray(listed.value) ? listed.value : [])
			.filter((subscription) => pointsAt(subscription.url_template, webhookUrl))
			.map((subscription) => String(subscription.id ?? ''));
		const leftoverFailures = await removeAll.call(this, leftovers);
		writePendingRemovals(staticData, leftoverFailures.keys());
		if (leftoverFailures.size > 0) return leftBehind.call(this, leftoverFailures);
		return true;
	});
}

/** Subscriptions delete() could not remove: logged when the cause passes, thrown when a person must act. */
function leftBehind(this: IHookFunctions, failures: Map<string, AuroraFailure>, what?: string): boolean {
	const [first] = failures.values();
	const error = failureError(this.getNode(), first);
	const count = [...failures.keys()].filter((id) => id !== '').length;
	const subject = what ?? `${count} Aurora webhook subscription(s)`;
	if (passesWithTime(first)) {
		this.logger.warn(
			`Aurora Solar Trigger: could not remove ${subject} yet (${error.message}); they are kept in the workflow's static data and removed by the next activation or scheduled check.`,
		);
		return true;
	}
	error.message = `Could not remove ${subject}: ${error.message}`;
	throw error;
}
