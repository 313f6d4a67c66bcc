import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findEvent } from '../events';
import { asNodeError } from '../transport/node-error';
import { rememberFreshSecret } from './fresh-secrets';
import { lockKey } from './lock';
import { newSecret } from './secret';
import type { StoredSubscription, StoredSubscriptions } from './static-data';
import { readPendingRemovals, readSubscriptions, writePendingRemovals, writeSubscriptions } from './static-data';
import type { LifecycleContext } from './subscriptions';
import {
	createSubscription,
	enableSubscription,
	fetchSubscription,
	isEnabled,
	isOurs,
	isTransientError,
	listSubscriptions,
	removeAll,
} from './subscriptions';
import { pointsAt } from './url-template';

export interface ReconcileOptions {
	/** The URL subscriptions must deliver to. */
	webhookUrl: string;
	/** The events selected in the node. */
	events: string[];
	/**
	 * Whether a new secret may be chosen for an event that has none. Only n8n's lifecycle may: it saves
	 * static data afterwards. The scheduled check cannot save, so it only ever reuses stored secrets,
	 * which keeps every delivery verifiable by what the webhook handlers load from the database.
	 */
	mayChooseSecrets: boolean;
}

export interface ReconcileProblem {
	error: NodeApiError | NodeOperationError;
	transient: boolean;
}

export interface ReconcileReport {
	/** Events with a subscription Aurora confirmed is there and enabled. */
	live: string[];
	/** Events whose stored subscription could not be checked because Aurora could not list them. */
	unverified: string[];
	/** Events with no working subscription after this pass. */
	missing: string[];
	/** What changed in Aurora, for the log: "recreated lead_created", … */
	actions: string[];
	problems: ReconcileProblem[];
}

type Remote = IDataObject[] | 'no-list' | 'unavailable';

/**
 * Makes Aurora match what the node needs: for each selected event exactly one enabled subscription
 * delivering to this URL with the event's stored secret, and nothing else of ours at this URL.
 * Healthy subscriptions are kept as they are, so Aurora's pending redeliveries for them still land;
 * a deleted one is recreated and a disabled one re-enabled, with the same secret. Nothing is deleted
 * unless Aurora could list what exists, so an outage never costs a working subscription.
 */
export async function reconcile(this: LifecycleContext, options: ReconcileOptions): Promise<ReconcileReport> {
	const { webhookUrl, events, mayChooseSecrets } = options;
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscriptions(staticData);
	const report: ReconcileReport = { live: [], unverified: [], missing: [], actions: [], problems: [] };
	const problem = (error: unknown) =>
		report.problems.push({ error: asNodeError(this.getNode(), error), transient: isTransientError(error) });
	const doomed = new Set(readPendingRemovals(staticData));
	const keep: StoredSubscriptions = {};

	for (const entry of Object.values(stored)) {
		if (!events.includes(entry.event) && entry.id) doomed.add(entry.id);
	}

	let remote: Remote;
	try {
		remote = (await listSubscriptions.call(this)) ?? 'no-list';
	} catch (error) {
		problem(error);
		remote = 'unavailable';
	}

	const keepers = new Set<string>();
	let createdAny = false;
	let outage = false;
	for (const event of events) {
		const definition = findEvent(event);
		let entry: StoredSubscription | undefined = stored[event];
		if (!definition) continue;
		if (!entry) {
			if (!mayChooseSecrets) {
				report.missing.push(event);
				continue;
			}
			entry = { id: '', event, secret: newSecret(), url: webhookUrl };
			rememberFreshSecret(lockKey(this), event, entry.secret);
		}
		if (entry.url !== webhookUrl) {
			// n8n's webhook URL changed (N8N_WEBHOOK_URL): the old subscription delivers nowhere useful.
			if (entry.id) doomed.add(entry.id);
			entry = { ...entry, id: '', url: webhookUrl };
		}
		keep[event] = entry;
		// Saved before any request, so a create whose answer is lost can be adopted by its secret.
		writeSubscriptions(staticData, { ...stored, ...keep });

		// Aurora is down: look no further, so set-up ends quickly; the scheduled check takes over.
		if (remote === 'unavailable' || outage) {
			(entry.id ? report.unverified : report.missing).push(event);
			continue;
		}
		try {
			const found = await findOurs.call(this, remote, entry, webhookUrl);
			for (const extra of found.extras) doomed.add(extra);
			let keeper = found.keeper;
			if (keeper && !isEnabled(keeper)) {
				const id = String(keeper.id);
				if (await enableSubscription.call(this, id)) {
					report.actions.push(`re-enabled the ${event} subscription`);
				} else {
					doomed.add(id);
					keeper = undefined;
				}
			}
			if (keeper) {
				entry.id = String(keeper.id);
			} else {
				const hadOne = entry.id !== '';
				entry.id = '';
				createdAny = true;
				entry.id = await createSubscription.call(this, definition, webhookUrl, entry.secret);
				report.actions.push(`${hadOne ? 'recreated' : 'created'} the ${event} subscription`);
			}
			keepers.add(entry.id);
			doomed.delete(entry.id);
			report.live.push(event);
		} catch (error) {
			problem(error);
			report.missing.push(event);
			outage = isTransientError(error);
		}
		writeSubscriptions(staticData, { ...stored, ...keep });
	}

	// A create retried after an answer was lost leaves a twin that only a fresh list shows.
	if (createdAny && Array.isArray(remote)) {
		try {
			remote = (await listSubscriptions.call(this)) ?? remote;
		} catch {
			// The twin is removed by the next check; it carries our secret, so it delivers fine meanwhile.
		}
	}
	if (Array.isArray(remote)) {
		for (const entry of Object.values(keep)) if (!entry.id) adoptLost(remote, entry, webhookUrl, keepers, report);
		// Ours by construction: the URL holds this workflow's unique webhook id. Left by a crash, lost
		// static data, a retired secret, an event no longer selected, or a duplicate create.
		for (const subscription of remote) {
			const id = String(subscription.id ?? '');
			if (id && !keepers.has(id) && pointsAt(subscription.url_template, webhookUrl)) doomed.add(id);
		}
	}
	for (const id of keepers) doomed.delete(id);
	const failures = await removeAll.call(this, doomed);
	for (const failure of failures.values()) problem(failure);
	const removed = doomed.size - failures.size;
	if (removed > 0) report.actions.push(`removed ${removed} subscription(s) that no longer belong here`);

	writeSubscriptions(staticData, keep);
	writePendingRemovals(staticData, failures.keys());
	return report;
}

/** A create that failed on our side may have worked on Aurora's: it carries our secret, so it is ours. */
function adoptLost(remote: IDataObject[], entry: StoredSubscription, webhookUrl: string, keepers: Set<string>, report: ReconcileReport): void {
	const ours = remote.filter((subscription) => subscription.id !== undefined && isOurs(subscription, entry, webhookUrl));
	const adopted = ours.find(isEnabled);
	if (!adopted) return;
	entry.id = String(adopted.id);
	keepers.add(entry.id);
	report.missing = report.missing.filter((event) => event !== entry.event);
	report.live.push(entry.event);
	report.actions.push(`adopted the ${entry.event} subscription Aurora made although its answer was lost`);
}

/**
 * Our subscription for this entry among Aurora's: the one with the stored id if it is still ours,
 * else an enabled one, else any; the rest of ours for the event are duplicates. Without a list
 * endpoint only the stored id can be looked at, so duplicates cannot be seen.
 */
async function findOurs(
	this: LifecycleContext,
	remote: IDataObject[] | 'no-list',
	entry: StoredSubscription,
	webhookUrl: string,
): Promise<{ keeper?: IDataObject; extras: string[] }> {
	if (remote === 'no-list') {
		const one = entry.id ? await fetchSubscription.call(this, entry.id) : undefined;
		if (!one) return { extras: [] };
		// Still there but no longer ours (its template was edited, or it moved): replace it.
		return isOurs(one, entry, webhookUrl) ? { keeper: { ...one, id: entry.id }, extras: [] } : { extras: [entry.id] };
	}
	const ours = remote.filter((subscription) => subscription.id !== undefined && isOurs(subscription, entry, webhookUrl));
	const keeper =
		ours.find((subscription) => String(subscription.id) === entry.id) ?? ours.find(isEnabled) ?? ours[0];
	const extras = ours.filter((subscription) => subscription !== keeper).map((subscription) => String(subscription.id));
	// The one we created, edited in Aurora into something else (another URL, event or secret).
	if (entry.id && !ours.some((subscription) => String(subscription.id) === entry.id)) {
		if (remote.some((subscription) => String(subscription.id) === entry.id)) extras.push(entry.id);
	}
	return { keeper, extras };
}
