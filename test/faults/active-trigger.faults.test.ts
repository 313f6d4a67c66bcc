/**
 * Faults while a trigger workflow stays active, on both n8n versions, and in queue mode where the
 * webhook processor and the worker make a difference:
 *
 * - a subscription deleted and one disabled in Aurora, with no restart or republish: the scheduled
 *   check (every minute here) mends both, and a lead created afterwards arrives;
 * - an authentic but malformed delivery: answered 2xx, one execution with `error`, no Aurora request;
 * - 409 on retrieval: 503 + Retry-After, Aurora redelivers, the lead arrives once;
 * - a save (1.x) or republish (2.x) followed by a redelivery on the old secret: accepted, with the lead;
 * - the API token revoked mid-stream: every lead arrives with `lead: null`, `error` and `httpCode: "401"`,
 *   and complete again once the token is back.
 *
 * Each version's stack runs them in that order; the scheduled check mends the first scenario while
 * the others run.
 */
import { isDeepStrictEqual } from 'util';

import type { AdminSubscription } from '../../devkit/fake-aurora/client';
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { DeliveryAttempt, Lead } from '../../devkit/fake-aurora/types';
import type { AuroraStack } from '../../devkit/stack/stack';
import { waitFor } from '../../devkit/stack/subscriptions';
import { saveWorkflow } from '../../devkit/stack/workflows';
import { StackFlow, describeFlows, flowsFor } from './support/flows';
import { findLeaks } from './support/leaks';
import type { Json, Run } from './support/live';
import {
	CHECK_MENDS_WITHIN_MS,
	PATHS,
	TRIGGER,
	activeTrigger,
	answerOf,
	answersTo,
	deliver,
	duplicateRuns,
	healthy,
	nextRequestIndex,
	pollRuns,
	runsFor,
	runsOf,
	subscriptionsAt,
	waitRegistered,
	waitSettled,
} from './support/live';
import type { Outcome, ScenarioRow } from './support/scenario';
import { answerCounts, answerSequence, check } from './support/scenario';
import { scaled } from './support/scale';

const { scale } = scaled();
/** Leads created while the token is revoked. */
const REVOKED_LEADS = scale === 'full' ? 10 : 3;
/** The trigger's first check runs ~5 s after it starts. */
const FIRST_CHECK_PASSED_MS = 12_000;

type ScenarioKey = 'heal' | 'malformed' | 'conflict' | 'old-secret' | 'revoked';

const ROWS: Record<ScenarioKey, ScenarioRow> = {
	heal: {
		id: 'deleted-and-disabled',
		failure: 'One subscription deleted and another disabled in Aurora, with no restart or republish (check interval 1 min)',
	},
	malformed: {
		id: 'malformed-delivery',
		failure: 'An authentic delivery (the subscription\'s secret) whose lead_id is not a UUID, 100 characters with a control character',
	},
	conflict: { id: 'retrieval-409', failure: 'Aurora answers 409 to the lead retrieval until the trigger has given up once' },
	'old-secret': {
		id: 'old-secret-after-save',
		failure: 'The workflow is saved (1.x) or republished (2.x) with an event added; then Aurora redelivers to the replaced subscription, on its old secret',
	},
	revoked: { id: 'token-revoked', failure: `The API token is revoked in Aurora while leads keep coming (${REVOKED_LEADS} leads), then restored` },
};

interface Workflow {
	id: string;
	hook: string;
	subscriptions: Record<string, AdminSubscription>;
}

/** The trigger's single item of a run. */
function itemOf(run: Run | undefined): Json {
	return (run?.items[0] ?? {}) as Json;
}

function complete(runs: Run[], lead: Lead): boolean {
	return runs.length === 1 && runs[0].status === 'success' && isDeepStrictEqual(itemOf(runs[0]).lead, lead);
}

/** Until Aurora has nothing left to deliver or redeliver. */
async function deliveriesSettled(admin: FakeAuroraClient, timeoutMs = 60_000): Promise<void> {
	await waitFor('Aurora to finish delivering', async () => {
		const state = await admin.deliveryState();
		return state.pendingRetries === 0 && state.inFlight === 0 ? true : undefined;
	}, timeoutMs).catch(() => undefined);
}

function slowest(attempts: DeliveryAttempt[]): number {
	return Math.max(0, ...attempts.filter((entry) => entry.status !== undefined).map((entry) => entry.durationMs));
}

class Flow extends StackFlow<ScenarioKey> {
	private workflows: Record<'heal' | 'deliver' | 'save', Workflow | undefined> = { heal: undefined, deliver: undefined, save: undefined };
	/** A lead every workflow received before the faults, with its delivery to the save workflow. */
	private firstLead!: Lead;

	private workflow(name: 'heal' | 'deliver' | 'save'): Workflow {
		const workflow = this.workflows[name];
		if (!workflow) throw new Error(`the ${name} workflow was not set up`);
		return workflow;
	}

	protected async observe(stack: AuroraStack): Promise<void> {
		this.workflows.heal = await activeTrigger(stack, 'Faults: mended subscriptions', ['lead_created', 'lead_changed']);
		const healActive = Date.now();
		this.workflows.save = await activeTrigger(stack, 'Faults: old secret', ['lead_created']);
		if (!this.queue) this.workflows.deliver = await activeTrigger(stack, 'Faults: deliveries', ['lead_created']);
		this.firstLead = await this.admin.createLead();
		for (const workflow of Object.values(this.workflows)) {
			if (workflow) await pollRuns(stack.n8n, workflow.id, (runs) => runsFor(runs, this.firstLead.id).length > 0, 60_000);
		}
		// Past the check n8n runs ~5 s after the trigger starts: only the periodic check can mend what breaks now.
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, healActive + FIRST_CHECK_PASSED_MS - Date.now())));

		const finishHeal = await this.breakSubscriptions();
		if (!this.queue) {
			await this.scenario('malformed', () => this.malformed());
			await this.scenario('conflict', () => this.conflict());
		}
		await this.scenario('old-secret', () => this.oldSecret());
		await this.scenario('heal', finishHeal);
		if (!this.queue) await this.scenario('revoked', () => this.revoked());
	}

	/** Scenario 6, first half: someone deletes one subscription in Aurora, and Aurora disables the other. */
	private async breakSubscriptions(): Promise<() => Promise<Outcome>> {
		const { id, hook, subscriptions } = this.workflow('heal');
		const before = { created: subscriptions.lead_created, changed: subscriptions.lead_changed };
		const brokenAt = Date.now();
		await this.admin.deleteSubscription(before.created.id);
		await this.admin.updateSubscription(before.changed.id, { enabled: false });

		return async () => {
			const healedAfterMs = await waitFor(
				'the scheduled check to mend both subscriptions',
				async () => ((await healthy(this.live, id, hook, ['lead_created', 'lead_changed'])) ? Date.now() - brokenAt : undefined),
				CHECK_MENDS_WITHIN_MS + 60_000,
			).catch(() => undefined);
			const after = Object.fromEntries((await subscriptionsAt(this.live, hook)).map((subscription) => [subscription.event, subscription]));
			const lead = await this.admin.createLead();
			// The change only once the lead_created execution has its lead, or it would fetch the changed one.
			await pollRuns(this.live.n8n, id, (all) => runsFor(all, lead.id, 'lead_created').length > 0, 60_000);
			const changed = await this.admin.changeLead(lead.id, { customer: { customer_email: 'after-the-check@example.com' } });
			const runs = await pollRuns(this.live.n8n, id, (all) => runsFor(all, lead.id, 'lead_changed').length > 0, 60_000);
			await deliveriesSettled(this.admin);
			const attempts = (await answersTo(this.admin, Object.values(after).map((subscription) => subscription.id))).filter((entry) => entry.url.includes(lead.id));
			const newRuns = [...runsFor(runs, lead.id, 'lead_created'), ...runsFor(runs, lead.id, 'lead_changed')];
			const workerLog = this.queue ? this.live.n8n.logs('worker') : '';
			const checks = [
				check(`mended within ${CHECK_MENDS_WITHIN_MS / 1000} s`, healedAfterMs !== undefined && healedAfterMs <= CHECK_MENDS_WITHIN_MS, healedAfterMs ?? 'never'),
				check(
					'exactly one enabled subscription per event',
					Object.keys(after).sort().join() === 'lead_changed,lead_created' && Object.values(after).every((subscription) => subscription.enabled),
					Object.values(after).map((subscription) => `${subscription.event} ${subscription.id} enabled=${subscription.enabled}`),
				),
				check(
					'the deleted one is recreated with the same secret and template (a new id)',
					after.lead_created?.id !== before.created.id &&
						after.lead_created?.header_auth_value === before.created.header_auth_value &&
						after.lead_created?.url_template === before.created.url_template,
					after.lead_created,
				),
				check('the disabled one is re-enabled in place (same id and secret)', after.lead_changed?.id === before.changed.id && after.lead_changed?.header_auth_value === before.changed.header_auth_value, after.lead_changed),
				check('a lead created afterwards arrives once, as the full lead', complete(runsFor(runs, lead.id, 'lead_created'), lead), runsFor(runs, lead.id, 'lead_created')),
				check('its change arrives once through the re-enabled subscription', complete(runsFor(runs, lead.id, 'lead_changed'), changed), runsFor(runs, lead.id, 'lead_changed')),
				check('Aurora got 200 for both deliveries', answerSequence(attempts.map(answerOf)) === '200 ×2', attempts.map(answerOf)),
			];
			if (this.queue) {
				const hookBase = `http://127.0.0.1:${this.live.n8n.webhookPort}/`;
				checks.push(
					check('delivered to the webhook processor', Object.values(after).every((subscription) => subscription.url_template.startsWith(hookBase)), hookBase),
					check('run by the worker', newRuns.length === 2 && newRuns.every((run) => workerLog.includes(`Worker started execution ${run.id} `)), newRuns.map((run) => run.id)),
				);
			}
			return {
				checks,
				auroraSees: `the check ${after.lead_created && after.lead_created.id !== before.created.id ? 'recreated the deleted one (POST)' : 'did NOT recreate the deleted one'} and ${after.lead_changed?.id === before.changed.id && after.lead_changed.enabled ? 're-enabled the disabled one in place (PUT)' : 'did NOT re-enable the disabled one in place'}; deliveries afterwards answered ${answerCounts(attempts.map(answerOf))}`,
				userSees: `both subscriptions ${healedAfterMs === undefined ? 'NOT back within the timeout' : 'back (healedAfterMs)'}, same secrets; the lead afterwards and its change arrive as executions with the full lead (queue mode: accepted by the webhook processor, run by the worker)`,
				figures: {
					leads: 2,
					lost: 2 - newRuns.length,
					duplicateExecutions: duplicateRuns(runs),
					...(healedAfterMs === undefined ? { notHealed: 1 } : { healedAfterMs }),
					slowestAnswerMs: slowest(attempts),
				},
			};
		};
	}

	/** Scenario 4: the right secret, a lead_id that is not a UUID. */
	private async malformed(): Promise<Outcome> {
		const { id, hook, subscriptions } = this.workflow('deliver');
		const secret = String(subscriptions.lead_created.header_auth_value);
		const badId = `lead-\u0007${'x'.repeat(94)}`;
		const shown = `lead-${'x'.repeat(94)}`.slice(0, 64) + '…';
		const runsBefore = (await runsOf(this.live.n8n, id)).length;
		const since = await nextRequestIndex(this.admin);
		const url = `${hook}?aurora_event=lead_created&lead_id=${encodeURIComponent(badId)}&aurora_secret=${encodeURIComponent(secret)}`;
		const answer = await deliver(url, secret);
		const runs = await pollRuns(this.live.n8n, id, (all) => all.length > runsBefore, 30_000);
		// Long enough for a stray retrieval or a second execution to show.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const after = await runsOf(this.live.n8n, id);
		const fresh = after.slice(0, after.length - runsBefore);
		const item = itemOf(fresh[0]);
		const auroraRequests = (await this.admin.requests(since)).filter((entry) => !entry.path.includes('/webhooks')).map((entry) => `${entry.method} ${entry.path}`);
		const checks = [
			check('answered 2xx', answer.status >= 200 && answer.status < 300, answer),
			check('exactly one execution', fresh.length === 1 && runs.length === runsBefore + 1, fresh.map((run) => `${run.id} ${run.status}`)),
			check('its item has event and received_at', item.event === 'lead_created' && typeof item.received_at === 'string' && !Number.isNaN(Date.parse(String(item.received_at))), item),
			check('its item has error, saying the lead_id is not a UUID', typeof item.error === 'string' && /lead_id is not a UUID/.test(item.error), item.error),
			check('its item has the lead_id sanitised (control character removed, cut to 64 characters)', item.lead_id === shown, item.lead_id),
			check('the delivery secret is not in the item', !JSON.stringify(item).includes(secret)),
			check('no request to Aurora for it', auroraRequests.length === 0, auroraRequests),
		];
		return {
			checks,
			auroraSees: `${answer.status} to the delivery; n8n made ${auroraRequests.length} Aurora requests for it`,
			userSees: `${fresh.length} execution; its item: event, received_at, lead_id (sanitised, 64 characters + …) and error "${String(item.error ?? '').slice(0, 80)}…"`,
			figures: { deliveries: 1, executions: fresh.length, auroraRequests: auroraRequests.length },
		};
	}

	/** Scenario 3: 409 ("try again") on the lead retrieval until the trigger has answered 503 once. */
	private async conflict(): Promise<Outcome> {
		const { id, subscriptions } = this.workflow('deliver');
		const subscription = subscriptions.lead_created.id;
		// Aurora redelivers 3 s after a failure (its 30 s, scaled), time enough to lift the fault first.
		await this.admin.configure({ timeScale: 0.1 });
		const since = await nextRequestIndex(this.admin);
		await this.admin.addFault({ kind: 'status', status: 409, method: 'GET', path: PATHS.retrieval });
		const lead = await this.admin.createLead();
		const leadOf = (attempt: DeliveryAttempt) => new URL(attempt.url).searchParams.get('lead_id');
		try {
			await this.admin.waitForDeliveries((attempts) => attempts.some((entry) => entry.webhookId === subscription && leadOf(entry) === lead.id && entry.status !== undefined), {
				timeoutMs: 30_000,
				intervalMs: 100,
			});
		} finally {
			await this.admin.clearFaults();
		}
		const runs = await pollRuns(this.live.n8n, id, (all) => runsFor(all, lead.id).length > 0, 60_000);
		await deliveriesSettled(this.admin);
		await this.admin.configure({ timeScale: 0.001 });
		const all = await runsOf(this.live.n8n, id);
		const attempts = (await answersTo(this.admin, [subscription])).filter((entry) => leadOf(entry) === lead.id);
		const answers = attempts.map(answerOf);
		const conflicts = (await this.admin.requests(since)).filter((entry) => entry.status === 409 && entry.path.endsWith(lead.id));
		const checks = [
			check('the trigger got 409 from Aurora', conflicts.length > 0, conflicts.length),
			check('Aurora saw 503 with Retry-After first', attempts[0]?.status === 503 && attempts[0]?.retryAfter !== undefined, attempts[0]),
			check('Aurora redelivered, and its last delivery got 200', attempts.length >= 2 && attempts[attempts.length - 1].status === 200, answers),
			check('exactly one delivery was accepted', attempts.filter((entry) => entry.ok).length === 1, answers),
			check('the lead arrived once, as the full lead', complete(runsFor(all, lead.id), lead), runsFor(runs, lead.id)),
		];
		return {
			checks,
			auroraSees: `deliveries answered ${answerSequence(answers)} (Retry-After ${attempts[0]?.retryAfter ?? 'none'}); the triggers' lead requests got 409 (answers409, every workflow on lead_created)`,
			userSees: `${runsFor(all, lead.id).length} execution with the full lead; nothing for the 503`,
			figures: {
				leads: 1,
				lost: runsFor(all, lead.id).length === 0 ? 1 : 0,
				duplicateExecutions: Math.max(0, runsFor(all, lead.id).length - 1),
				answers409: conflicts.length,
				answers503: answers.filter((answer) => answer === 503).length,
				slowestAnswerMs: slowest(attempts),
			},
		};
	}

	/** Scenario 5: the subscription is replaced by a save (1.x) or republish (2.x); Aurora redelivers on the old secret. */
	private async oldSecret(): Promise<Outcome> {
		const { id, hook, subscriptions } = this.workflow('save');
		const old = subscriptions.lead_created;
		const secret = String(old.header_auth_value);
		const [delivery] = (await answersTo(this.admin, [old.id])).filter((entry) => entry.status === 200);
		if (!delivery) throw new Error('the first lead was not delivered to the save workflow');
		await saveWorkflow(this.live.n8n, id, (workflow) => {
			const trigger = workflow.nodes.find((node) => node.name === TRIGGER) as { parameters: { events: string[] } };
			trigger.parameters.events = ['lead_created', 'lead_changed'];
		});
		const replaced = await waitSettled(this.live, id, hook, ['lead_created', 'lead_changed'], 90_000);
		await waitRegistered(hook);
		const remoteIds = (await this.admin.subscriptions()).map((subscription) => subscription.id);
		const staticData = JSON.stringify((await this.live.n8n.getWorkflow(id)).staticData ?? {});
		const runsBefore = runsFor(await runsOf(this.live.n8n, id), this.firstLead.id).length;
		const answer = await deliver(delivery.url, secret);
		const runs = await pollRuns(this.live.n8n, id, (all) => runsFor(all, this.firstLead.id).length > runsBefore, 30_000);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const forLead = runsFor(await runsOf(this.live.n8n, id), this.firstLead.id);
		const fresh = forLead.slice(0, forLead.length - runsBefore);
		const checks = [
			check('the subscription was replaced: new id, new secret', replaced.lead_created.id !== old.id && replaced.lead_created.header_auth_value !== secret, replaced.lead_created.id),
			check('the old subscription is gone from Aurora', !remoteIds.includes(old.id)),
			check('the old secret is kept as a hash only', !staticData.includes(secret)),
			check('the redelivery on the old secret is answered 2xx', answer.status >= 200 && answer.status < 300, answer),
			check('it starts one execution with the full lead', complete(fresh, this.firstLead), fresh.length === 0 ? runs.map((run) => run.id) : fresh),
		];
		return {
			checks,
			auroraSees: `${answer.status} to the redelivery on the old secret (queue mode: from the webhook processor)`,
			userSees: `${fresh.length} execution with the full lead; the new subscription has a new secret, the old one is kept as a hash only`,
			figures: { redeliveries: 1, lost: fresh.length === 0 ? 1 : 0, duplicateExecutions: Math.max(0, fresh.length - 1) },
		};
	}

	/** Scenario 2: the token is revoked while leads keep coming, then restored. */
	private async revoked(): Promise<Outcome> {
		const { id, subscriptions } = this.workflow('deliver');
		const token = this.live.fake.token;
		const since = await nextRequestIndex(this.admin);
		await this.admin.revokeToken(token);
		const leads: Lead[] = [];
		try {
			for (let index = 0; index < REVOKED_LEADS; index++) {
				leads.push(await this.admin.createLead());
				await new Promise((resolve) => setTimeout(resolve, 300));
			}
			await pollRuns(this.live.n8n, id, (all) => leads.every((lead) => runsFor(all, lead.id).length > 0), 60_000);
			await deliveriesSettled(this.admin);
		} finally {
			await this.admin.restoreToken(token);
		}
		const restored = await this.admin.createLead();
		await pollRuns(this.live.n8n, id, (all) => runsFor(all, restored.id).length > 0, 60_000);
		await deliveriesSettled(this.admin);
		const runs = await runsOf(this.live.n8n, id);
		const unauthorized = (await this.admin.requests(since)).filter((entry) => entry.status === 401 && /\/leads\//.test(entry.path));
		const attempts = (await answersTo(this.admin, [subscriptions.lead_created.id])).filter((entry) =>
			[...leads, restored].some((lead) => entry.url.includes(lead.id)),
		);
		const errorItems = leads.map((lead) => runsFor(runs, lead.id)).filter((found) => found.length === 1).map((found) => itemOf(found[0]));
		const arrived = leads.filter((lead) => runsFor(runs, lead.id).length > 0).length + (runsFor(runs, restored.id).length > 0 ? 1 : 0);
		const leaks = findLeaks({ 'execution data': JSON.stringify(runs) }, { token });
		const checks = [
			check('the trigger got 401 from Aurora', unauthorized.length >= REVOKED_LEADS, unauthorized.length),
			check('none is lost: every lead started exactly one execution', leads.every((lead) => runsFor(runs, lead.id).length === 1), leads.map((lead) => runsFor(runs, lead.id).length)),
			check(
				'each with lead: null, an error mentioning 401 and httpCode "401"',
				errorItems.length === REVOKED_LEADS && errorItems.every((item) => item.lead === null && /401/.test(String(item.error)) && item.httpCode === '401'),
				errorItems.map((item) => ({ lead: item.lead, httpCode: item.httpCode, error: String(item.error).slice(0, 160) })),
			),
			check('Aurora got 2xx for every delivery (no redelivery)', attempts.every((entry) => entry.ok) && attempts.length === REVOKED_LEADS + 1, attempts.map(answerOf)),
			check('after the token is restored, a new lead arrives complete', complete(runsFor(runs, restored.id), restored), runsFor(runs, restored.id)),
			check('the token is not in the execution data', leaks.length === 0, leaks),
		];
		return {
			checks,
			auroraSees: `deliveries answered ${answerCounts(attempts.map(answerOf))}; the triggers' lead requests got 401 (answers401, every workflow on lead_created)`,
			userSees: `${errorItems.length} executions with lead: null, httpCode "401" and the error "${String(errorItems[0]?.error ?? '').slice(0, 100)}…"; after the restore, the full lead`,
			figures: {
				leads: REVOKED_LEADS + 1,
				lost: REVOKED_LEADS + 1 - arrived,
				duplicateExecutions: duplicateRuns(runs.filter((run) => [...leads, restored].some((lead) => run.items.some((item) => item.lead_id === lead.id)))),
				answers401: unauthorized.length,
				slowestAnswerMs: slowest(attempts),
			},
		};
	}
}

const flows = flowsFor((version, mode) => new Flow(version, mode), { queue: true });

describeFlows(flows, 'faults while the trigger stays active', (flow) => {
	const judge = (key: ScenarioKey) => expect(flow.judge(ROWS[key], key)).toEqual([]);

	it('a subscription deleted and one disabled in Aurora are mended by the scheduled check, and deliver', () => judge('heal'));

	it('a redelivery on the old secret after a save or republish is accepted and runs with the lead', () => judge('old-secret'));

	if (!flow.queue) {
		it('an authentic delivery with a malformed lead_id starts one execution with error, and no Aurora request', () => judge('malformed'));

		it('409 on retrieval: 503 + Retry-After, Aurora redelivers, the lead arrives once', () => judge('conflict'));

		it('a revoked token: every lead arrives with lead null and httpCode 401; after the restore, complete', () => judge('revoked'));
	}
});
