import type { IDataObject } from 'n8n-workflow';

import { findEvent } from '../../events';
import type { AuroraFailure } from '../../transport/failure';
import { passesWithTime } from '../../transport/failure';
import type { StoredSubscription, StoredSubscriptions } from '../node/static-data';
import { readPendingRemovals, readSubscriptions, writePendingRemovals, writeSubscriptions } from '../node/static-data';
import type { LifecycleContext } from './aurora-webhooks';
import { createSubscription, enableSubscription, fetchSubscription, isEnabled, isOurs, listSubscriptions, removeAll } from './aurora-webhooks';
import { SecretSource } from './secret-source';
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

export interface ReconcileReport {
	/** Events with a subscription Aurora confirmed is there and enabled. */
	live: string[];
	/** Events whose stored subscription could not be checked because Aurora could not list them. */
	unverified: string[];
	/** Events with no working subscription after this pass. */
	missing: string[];
	/** What changed in Aurora, for the log: "recreated lead_created", … */
	actions: string[];
	problems: AuroraFailure[];
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
	const { webhookUrl, events } = options;
	const staticData = this.getWorkflowStaticData('node');
	const stored = readSubscriptions(staticData);
	const report: ReconcileReport = { live: [], unverified: [], missing: [], actions: [], problems: [] };
	const secrets = new SecretSource(this, options.mayChooseSecrets);
	const doomed = new Set(readPendingRemovals(staticData));
	const keep: StoredSubscriptions = {};

	for (const entry of Object.values(stored)) {
		if (!events.includes(entry.event) && entry.id) doomed.add(entry.id);
	}

	const listed = await listSubscriptions.call(this);
	if (!listed.ok) report.problems.push(listed.failure);
	let remote: Remote = listed.ok ? listed.value : 'unavailable';

	const keepers = new Set<string>();
	const tried = { create: false };
	let outage = false;
	for (const event of events) {
		const definition = findEvent(event);
		let entry: StoredSubscription | undefined = stored[event];
		if (!definition) continue;
		if (!entry) {
			entry = secrets.mayChoose ? await secrets.fresh(event, webhookUrl, report) : undefined;
			if (!entry) {
				report.missing.push(event);
				continue;
			}
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
		const failure = await mend.call(this, { remote, entry, webhookUrl, doomed, report, secrets, tried });
		if (failure === undefined) {
			keepers.add(entry.id);
			doomed.delete(entry.id);
			report.live.push(event);
		} else {
			report.problems.push(failure);
			report.missing.push(event);
			outage = passesWithTime(failure);
		}
		writeSubscriptions(staticData, { ...stored, ...keep });
	}

	// A create retried after an answer was lost leaves a twin that only a fresh list shows.
	if (tried.create && Array.isArray(remote)) {
		const relisted = await listSubscriptions.call(this);
		// Failing that, the twin is removed by the next check; it carries our secret, so it delivers fine meanwhile.
		if (relisted.ok && Array.isArray(relisted.value)) remote = relisted.value;
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
	report.problems.push(...failures.values());
	const removed = doomed.size - failures.size;
	if (removed > 0) report.actions.push(`removed ${removed} subscription(s) that no longer belong here`);

	writeSubscriptions(staticData, keep);
	writePendingRemovals(staticData, failures.keys());
	return report;
}

/**
 * Makes one event's subscription work: keeps ours, re-enables it in place, or creates it with the
 * entry's secret. Returns undefined when the event has a working subscription, or the failure.
 */
async function mend(
	this: LifecycleContext,
	pass: {
		remote: IDataObject[] | 'no-list';
		entry: StoredSubscription;
		webhookUrl: string;
		doomed: Set<string>;
		report: ReconcileReport;
		secrets: SecretSource;
		/** Set once a create went out: a lost answer may have left a subscription that only a fresh list shows. */
		tried: { create: boolean };
	},
): Promise<AuroraFailure | undefined> {
	const { entry, webhookUrl, doomed, report } = pass;
	const found = await findOurs.call(this, pass.remote, entry, webhookUrl);
	if (!found.ok) return found.failure;
	for (const extra of found.extras) doomed.add(extra);
	let keeper = found.keeper;
	if (keeper && !isEnabled(keeper)) {
		const id = String(keeper.id);
		const enabled = await enableSubscription.call(this, id);
		if (!enabled.ok) return enabled.failure;
		if (enabled.value) {
			report.actions.push(`re-enabled the ${entry.event} subscription`);
		} else {
			doomed.add(id);
			keeper = undefined;
		}
	}
	if (keeper) {
		entry.id = String(keeper.id);
		return undefined;
	}
	const hadOne = entry.id !== '';
	entry.id = '';
	const secret = await pass.secrets.secretFor(entry, report);
	if (typeof secret !== 'string') return secret;
	const definition = findEvent(entry.event);
	if (!definition) return undefined;
	pass.tried.create = true;
	const created = await createSubscription.call(this, definition, webhookUrl, secret);
	if (!created.ok) return created.failure;
	entry.id = created.value;
	report.actions.push(`${hadOne ? 'recreated' : 'created'} the ${entry.event} subscription`);
	return undefined;
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
): Promise<{ ok: true; keeper?: IDataObject; extras: string[] } | { ok: false; failure: AuroraFailure }> {
	if (remote === 'no-list') {
		const fetched = entry.id ? await fetchSubscription.call(this, entry.id) : undefined;
		if (fetched && !fetched.ok) return fetched;
		const one = fetched?.value;
		if (!one) return { ok: true, extras: [] };
		// Still there but no longer ours (its template was edited, or it moved): replace it.
		return isOurs(one, entry, webhookUrl) ? { ok: true, keeper: { ...one, id: entry.id }, extras: [] } : { ok: true, extras: [entry.id] };
	}
	const ours = remote.filter((subscription) => subscription.id !== undefined && isOurs(subscription, entry, webhookUrl));
	const keeper =
		ours.find((subscription) => String(subscription.id) === entry.id) ?? ours.find(isEnabled) ?? ours[0];
	const extras = ours.filter((subscription) => subscription !== keeper).map((subscription) => String(subscription.id));
	// The one we created, edited in Aurora into something else (another URL, event or secret).
	if (entry.id && !ours.some((subscription) => String(subscription.id) === entry.id)) {
		if (remote.some((subscription) => String(subscription.id) === entry.id)) extras.push(entry.id);
	}
	return { ok: true, keeper, extras };
}
