import { NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import { findEvent } from '../events';
import { CREDENTIAL_TYPE } from '../transport/context';
import { asNodeError } from '../transport/node-error';
import { unreachableReason } from './reachability';
import type { StoredSubscriptions } from './static-data';
import { readPendingRemovals, readSubscriptions, writePendingRemovals, writeSubscriptions } from './static-data';
import {
	createSubscription,
	healthOf,
	inspectSubscription,
	leftoversIn,
	listSubscriptions,
	removalError,
	removeAll,
} from './subscriptions';

export function selectedEvents(context: { getNodeParameter(name: string, fallback: unknown): unknown }): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	return [...new Set(Array.isArray(events) ? events : [])];
}

function ids(subscriptions: StoredSubscriptions): string[] {
	return Object.values(subscriptions).map((subscription) => subscription.id);
}

/**
 * n8n calls this at every activation and every restart. Keeps each stored subscription that still
 * exists, is enabled and delivers here with our secret; deletes the rest of ours (stale ones, ones
 * for events no longer selected, leftovers at this URL); true only if every selected event is covered.
 * Healthy subscriptions are never recreated, so their pending redeliveries are not lost.
 */
export async function checkSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscriptions(staticData);
	const events = selectedEvents(this);
	const remote = await listSubscriptions.call(this);

	const kept: StoredSubscriptions = {};
	const doomed: string[] = [];
	for (const subscription of Object.values(stored)) {
		if (!events.includes(subscription.event)) {
			doomed.push(subscription.id);
			continue;
		}
		const health = remote
			? healthOf(remote.find((entry) => String(entry.id) === subscription.id), subscription, webhookUrl)
			: await inspectSubscription.call(this, subscription, webhookUrl);
		if (health === 'healthy') kept[subscription.event] = subscription;
		else if (health === 'stale') doomed.push(subscription.id);
	}
	doomed.push(...readPendingRemovals(staticData), ...leftoversIn(remote, webhookUrl, new Set(ids(kept))));

	const failures = await removeAll.call(this, doomed);
	writeSubscriptions(staticData, kept);
	writePendingRemovals(staticData, failures.keys());
	if (failures.size > 0) throw removalError.call(this, failures);
	return events.length > 0 && events.every((event) => kept[event] !== undefined);
}

/** Creates a subscription for every selected event that checkSubscriptions() did not keep. */
export async function createSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const problem = unreachableReason(webhookUrl, String(credentials.environment ?? 'production'));
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
	const staticData = this.getWorkflowStaticData('node');
	const subscriptions = readSubscriptions(staticData);
	const kept = new Set(ids(subscriptions));
	const created: string[] = [];
	try {
		for (const event of events) {
			if (subscriptions[event]) continue;
			const definition = findEvent(event);
			if (!definition) {
				throw new NodeOperationError(this.getNode(), `"${event}" is not an Aurora event this node knows`, {
					description: 'Remove it from Events; the list shows every supported event.',
				});
			}
			subscriptions[event] = await createSubscription.call(this, definition, webhookUrl);
			created.push(subscriptions[event].id);
			// Saved as we go, so a failure halfway still leaves a record of what exists remotely.
			writeSubscriptions(staticData, subscriptions);
		}
		// A create that Aurora processed but whose answer we lost, then retried, leaves a twin.
		const twins = leftoversIn(await listSubscriptions.call(this), webhookUrl, new Set(ids(subscriptions)));
		const failures = await removeAll.call(this, twins);
		if (failures.size > 0) throw removalError.call(this, failures);
	} catch (error) {
		await rollBack.call(this, webhookUrl, created, kept);
		throw asNodeError(this.getNode(), error);
	}
	return true;
}

/**
 * Undo a failed create: delete what this attempt made, including subscriptions Aurora created
 * although it answered with an error. Only the original error is reported; what cannot be removed
 * now is removed by the next checkSubscriptions(), which deletes every leftover at this URL.
 */
async function rollBack(this: IHookFunctions, webhookUrl: string, created: string[], kept: Set<string>): Promise<void> {
	const staticData = this.getWorkflowStaticData('node');
	let doomed = [...created];
	try {
		doomed = [...doomed, ...leftoversIn(await listSubscriptions.call(this), webhookUrl, kept)];
	} catch (listError) {
		this.logger.warn(`Aurora Solar Trigger: could not list subscriptions while rolling back: ${(listError as Error).message}`);
	}
	const failures = await removeAll.call(this, doomed);
	const remaining = readSubscriptions(staticData);
	for (const [event, subscription] of Object.entries(remaining)) {
		if (created.includes(subscription.id) && !failures.has(subscription.id)) delete remaining[event];
	}
	writeSubscriptions(staticData, remaining);
	writePendingRemovals(staticData, [...readPendingRemovals(staticData), ...[...failures.keys()].filter((id) => !ids(remaining).includes(id))]);
	if (failures.size > 0) {
		this.logger.warn(`Aurora Solar Trigger: ${failures.size} subscription(s) could not be rolled back; the next activation removes them.`);
	}
}

/** Removes every subscription this node created: stored ones first, then any leftover at its URL. */
export async function deleteSubscriptions(this: IHookFunctions): Promise<boolean> {
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscriptions(staticData);
	const failures = await removeAll.call(this, [...ids(stored), ...readPendingRemovals(staticData)]);
	writeSubscriptions(
		staticData,
		Object.fromEntries(Object.entries(stored).filter(([, subscription]) => failures.has(subscription.id))),
	);
	writePendingRemovals(staticData, [...failures.keys()].filter((id) => !ids(stored).includes(id)));
	if (failures.size > 0) throw removalError.call(this, failures);

	const leftovers = leftoversIn(await listSubscriptions.call(this), webhookUrl, new Set());
	const leftoverFailures = await removeAll.call(this, leftovers);
	writePendingRemovals(staticData, leftoverFailures.keys());
	if (leftoverFailures.size > 0) throw removalError.call(this, leftoverFailures);
	return true;
}
