/**
 * Aurora's webhook endpoints (`/webhooks`, `/webhooks/{id}`) answer 503 to every method for a
 * minute (20 s at short scale), and meanwhile n8n restarts, a changed version of one workflow is
 * published and another workflow is re-activated (deactivate + activate). Set-up must not cost a
 * live subscription: none is deleted, leads created during and after the outage arrive with the
 * full lead, and once Aurora is back the scheduled check (every minute here) leaves exactly one
 * enabled subscription per selected event.
 */
import { isDeepStrictEqual } from 'util';

import type { AdminSubscription } from '../../devkit/fake-aurora/client';
import type { Lead } from '../../devkit/fake-aurora/types';
import { sleep } from '../../devkit/http';
import { logOffset, logSince } from '../e2e/support/n8n-log';
import type { AuroraStack } from '../../devkit/stack/stack';
import { waitFor } from '../../devkit/stack/subscriptions';
import { saveWorkflow } from '../../devkit/stack/workflows';
import { StackFlow, describeFlows, flowsFor } from './support/flows';
import * as live from './support/live';
import type { Json, Run } from './support/live';
import type { Check, Outcome, ScenarioRow } from './support/scenario';
import { answerCounts, check } from './support/scenario';
import { scaled } from './support/scale';

const { scale } = scaled();
const OUTAGE_MS = scale === 'full' ? 60_000 : 20_000;

type CaseKey = 'restart' | 'publish' | 'reactivate';

interface Case {
	key: CaseKey;
	/** Events selected at the end (the publish adds lead_changed). */
	events: string[];
	id: string;
	hook: string;
	/** Subscription ids by event before the outage. */
	before: Record<string, string>;
	/** What n8n answered the operation made during the outage. */
	operation: string;
	operationFailed: boolean;
	runs: Run[];
	healedAfterMs?: number;
	/** Aurora's subscriptions at the workflow's URL at the end. */
	after: AdminSubscription[];
	deleted: string[];
	active: boolean;
	deliveryAnswers: Array<number | string>;
	/** The longest n8n took to answer one of Aurora's deliveries to this workflow. */
	slowestAnswerMs: number;
	changedLead?: Lead;
}

/** The outage as the row states it; the figures give how long it really lasted. */
const OUTAGE = `Aurora's webhook endpoints answer 503 to every method for ${OUTAGE_MS / 1000} s (longer if the operation takes longer)`;

const OPERATIONS: Record<CaseKey, string> = {
	restart: 'restart',
	publish: 'save (1.x) or publish (2.x)',
	reactivate: 'deactivation and activation',
};

const ROWS: Record<CaseKey, ScenarioRow> = {
	restart: { id: 'outage-restart', failure: `${OUTAGE} while n8n restarts` },
	publish: { id: 'outage-publish', failure: `${OUTAGE} while a changed version (an event added) is saved (1.x) or published (2.x)` },
	reactivate: { id: 'outage-reactivate', failure: `${OUTAGE} while the workflow is deactivated and activated again` },
};

class Flow extends StackFlow<CaseKey> {
	readonly cases = new Map<CaseKey, Case>();
	outageMs = 0;
	outage503 = 0;
	leadDuring?: Lead;
	leadAfter?: Lead;
	/** What the trigger logged from the outage on: distinct messages with their counts. */
	logged: Record<string, number> = {};
	readonly timeline: string[] = [];
	private t0 = Date.now();

	private mark(what: string): void {
		this.timeline.push(`${((Date.now() - this.t0) / 1000).toFixed(1)} s: ${what}`);
	}

	private async operate(what: string, action: () => Promise<unknown>): Promise<{ answer: string; failed: boolean }> {
		try {
			await action();
			return { answer: `${what}: ok`, failed: false };
		} catch (error) {
			return { answer: `${what}: ${(error as Error).message.slice(0, 300)}`, failed: true };
		}
	}

	/** Everything happens here, observed but not asserted; conclude() turns it into one outcome per case. */
	protected async observe(stack: AuroraStack): Promise<void> {
		const admin = this.admin;
		this.t0 = Date.now();
		for (const key of ['restart', 'publish', 'reactivate'] as const) {
			const workflow = await live.activeTrigger(stack, `Outage: ${key}`, ['lead_created']);
			this.cases.set(key, {
				key,
				events: key === 'publish' ? ['lead_created', 'lead_changed'] : ['lead_created'],
				id: workflow.id,
				hook: workflow.hook,
				before: Object.fromEntries(Object.entries(workflow.subscriptions).map(([event, subscription]) => [event, subscription.id])),
				operation: '',
				operationFailed: false,
				runs: [],
				after: [],
				deleted: [],
				active: false,
				deliveryAnswers: [],
				slowestAnswerMs: 0,
			});
		}
		const since = await live.nextRequestIndex(admin);
		const offset = logOffset(stack.n8n);
		const outage = await admin.addFault({ kind: 'status', status: 503, path: live.PATHS.webhookEndpoints });
		const outageStarted = Date.now();
		this.mark('outage starts');

		// n8n restarts: every active trigger is set up again (checkExists) while Aurora is down.
		const restart = this.setOperation('restart', await this.operate('restart', async () => await stack.n8n.restart()));
		this.mark(restart.answer);
		// Until n8n has been through the set-up of all three workflows at start-up.
		await waitFor('the set-up after the restart', async () => ((logSince(stack.n8n, offset).match(/Aurora Solar Trigger: kept the subscriptions/g) ?? []).length >= 3 ? true : undefined), 45_000).catch(() => undefined);
		this.mark('start-up set-up done');

		const publish = this.cases.get('publish')!;
		const published = await this.operate(this.v1 ? 'save (PUT /api/v1/workflows/{id})' : 'publish (PUT /api/v1/workflows/{id})', async () =>
			await saveWorkflow(stack.n8n, publish.id, (workflow) => {
				const trigger = workflow.nodes.find((node) => node.name === live.TRIGGER) as { parameters: { events: string[] } };
				trigger.parameters.events = ['lead_created', 'lead_changed'];
			}),
		);
		this.setOperation('publish', published);
		this.mark(published.answer);

		const reactivate = this.cases.get('reactivate')!;
		const deactivated = await this.operate('deactivate', async () => await stack.n8n.deactivateWorkflow(reactivate.id));
		const activated = await this.operate('activate', async () => await stack.n8n.activateWorkflow(reactivate.id));
		// Deactivation cannot delete anything while Aurora is down; the activation must work.
		this.setOperation('reactivate', { answer: `${deactivated.answer}; ${activated.answer}`, failed: activated.failed });
		this.mark(reactivate.operation);
		// n8n 2.x applies a publish in the background: wait until every workflow serves its webhook again.
		for (const entry of this.cases.values()) if (!(await live.waitRegistered(entry.hook))) this.mark(`${entry.key}: webhook NOT registered after 60 s`);
		this.mark('webhooks registered');

		// A lead while Aurora's webhook endpoints are still down (its retrieval works).
		const leadDuring = (this.leadDuring = await admin.createLead());
		const duringDeadline = Date.now() + 60_000;
		for (const entry of this.cases.values()) {
			await live.pollRuns(stack.n8n, entry.id, (runs) => live.runsFor(runs, leadDuring.id).length > 0, Math.max(0, duringDeadline - Date.now()));
		}
		this.mark('the lead created during the outage has arrived');
		// The outage lasts OUTAGE_MS, and at least until all of the above is over.
		await sleep(Math.max(0, outageStarted + OUTAGE_MS - Date.now()));
		this.outage503 = (await admin.faults()).find((fault) => fault.id === outage.id)?.hits ?? 0;
		await admin.clearFaults();
		const outageEnded = Date.now();
		this.outageMs = outageEnded - outageStarted;
		this.mark('outage ends');

		const leadAfter = (this.leadAfter = await admin.createLead());
		// Every workflow is healthy again, and Aurora's subscription list has been read at least once per workflow since.
		await waitFor(
			'a healthy state and a scheduled check of each workflow after the outage',
			async () => {
				for (const entry of this.cases.values()) {
					if (entry.healedAfterMs === undefined && (await live.healthy(stack, entry.id, entry.hook, entry.events))) entry.healedAfterMs = Date.now() - outageEnded;
				}
				const lists = (await live.webhookCalls(admin, since)).filter(
					(entry) => entry.method === 'GET' && /\/webhooks$/.test(entry.path) && entry.status === 200 && Date.parse(entry.at) >= outageEnded,
				);
				return lists.length >= this.cases.size && [...this.cases.values()].every((entry) => entry.healedAfterMs !== undefined) ? true : undefined;
			},
			live.CHECK_MENDS_WITHIN_MS + 60_000,
		).catch(() => undefined);
		this.mark('healthy (or timed out)');
		// The lead_created executions first, so they hold the lead as created; then the change, for the added event.
		for (const entry of this.cases.values()) await live.pollRuns(stack.n8n, entry.id, (runs) => live.runsFor(runs, leadAfter.id, 'lead_created').length > 0, 60_000);
		publish.changedLead = await admin.changeLead(leadAfter.id, { customer: { customer_email: 'after-outage@example.com' } });
		await live.pollRuns(stack.n8n, publish.id, (runs) => live.runsFor(runs, leadAfter.id, 'lead_changed').length > 0, 60_000);

		for (const entry of this.cases.values()) {
			entry.runs = await live.runsOf(stack.n8n, entry.id);
			entry.after = await live.subscriptionsAt(stack, entry.hook);
			entry.deleted = live.deletedIds(await live.webhookCalls(admin, since)).filter((id) => Object.values(entry.before).includes(id));
			entry.active = (await stack.n8n.getWorkflow(entry.id)).active === true;
			const ids = [...new Set([...Object.values(entry.before), ...entry.after.map((subscription) => subscription.id)])];
			const attempts = await live.answersTo(admin, ids);
			entry.deliveryAnswers = attempts.map(live.answerOf);
			entry.slowestAnswerMs = Math.max(0, ...attempts.filter((attempt) => attempt.status !== undefined).map((attempt) => attempt.durationMs));
		}
		// The trigger's own messages and n8n's about them (not stack frames, whose paths mention the cache folder).
		const messages = logSince(stack.n8n, offset)
			.split('\n')
			.filter((line) => /Aurora Solar Trigger|Aurora webhook subscription/.test(line) && !/^\s+at |^=====/.test(line));
		for (const line of messages) {
			// One entry per kind of message: ids vary.
			const kind = line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|workflow "[^"]+"/g, '…').slice(0, 160);
			this.logged[kind] = (this.logged[kind] ?? 0) + 1;
		}
		this.mark('done');
	}

	private setOperation(key: CaseKey, result: { answer: string; failed: boolean }) {
		const entry = this.cases.get(key)!;
		entry.operation = result.answer;
		entry.operationFailed = result.failed;
		return result;
	}

	protected conclude(): void {
		for (const key of ['restart', 'publish', 'reactivate'] as const) this.outcomes.set(key, this.outcomeOf(key));
	}

	/** The checks and figures of one case. */
	private outcomeOf(key: CaseKey): Outcome {
		const entry = this.cases.get(key);
		const checks: Check[] = [];
		const leads = key === 'publish' ? 3 : 2;
		let arrived = 0;
		if (entry) {
			const runsOfLead = (lead: Lead | undefined, event = 'lead_created') => (lead ? live.runsFor(entry.runs, lead.id, event) : []);
			const complete = (runs: Run[], lead: Lead | undefined) =>
				runs.length === 1 && runs[0].status === 'success' && isDeepStrictEqual((runs[0].items[0] as Json).lead, lead);
			const during = runsOfLead(this.leadDuring);
			const after = runsOfLead(this.leadAfter);
			const changed = runsOfLead(entry.changedLead, 'lead_changed');
			const now = entry.after.map((subscription) => ({ event: subscription.event, id: subscription.id, enabled: subscription.enabled }));
			const idOf = (event: string) => now.find((subscription) => subscription.event === event)?.id;
			arrived = [during, after, ...(key === 'publish' ? [changed] : [])].filter((runs) => runs.length > 0).length;
			checks.push(
				check(`the ${key} during the outage was accepted`, !entry.operationFailed, entry.operation),
				check('no subscription was deleted in Aurora', entry.deleted.length === 0, entry.deleted),
				check('the subscriptions that existed before keep their ids', Object.entries(entry.before).every(([event, id]) => idOf(event) === id), { before: entry.before, now }),
				check(
					'once Aurora is back: exactly one enabled subscription per selected event',
					now.map((subscription) => subscription.event).sort().join() === [...entry.events].sort().join() && now.every((subscription) => subscription.enabled),
					now,
				),
				check('the workflow is still active', entry.active),
				check('the lead created during the outage arrived once, as the full lead', complete(during, this.leadDuring), during),
				check('the lead created after the outage arrived once, as the full lead', complete(after, this.leadAfter), after),
				check('no lead started the workflow twice', live.duplicateRuns(entry.runs) === 0, live.duplicateRuns(entry.runs)),
			);
			if (key === 'publish') checks.push(check('the event added during the outage delivers once Aurora is back', complete(changed, entry.changedLead), changed));
		}
		// What a self-hoster finds in the log about the trigger's set-up during the outage.
		const kept = Object.keys(this.logged).find((kind) => kind.startsWith('Aurora Solar Trigger: kept the subscriptions'));
		return {
			checks,
			auroraSees: entry
				? `its webhook endpoints answered 503 (answers503FromWebhookEndpoints, all three workflows); deliveries answered ${answerCounts(entry.deliveryAnswers)}; ${entry.deleted.length} subscriptions deleted`
				: 'not run',
			userSees: entry
				? `the ${OPERATIONS[key]} ${entry.operationFailed ? `FAILED: ${entry.operation}` : 'works'}; the workflow ${entry.active ? 'stays active' : 'is NOT active'}; ${arrived} of ${leads} leads arrive as executions with the full lead; ${entry.healedAfterMs === undefined ? 'NOT one enabled subscription per event within the timeout' : 'one enabled subscription per event once Aurora is back (healedAfterMs)'}; n8n's log: ${kept ? `"${kept.slice(0, 100)}…"` : 'nothing from the trigger about keeping its subscriptions'}`
				: 'not run',
			figures: {
				leads,
				lost: leads - arrived,
				duplicateExecutions: entry ? live.duplicateRuns(entry.runs) : 0,
				answers503FromWebhookEndpoints: this.outage503,
				subscriptionsDeleted: entry?.deleted.length ?? 0,
				outageMs: this.outageMs,
				slowestAnswerMs: entry?.slowestAnswerMs ?? 0,
				...(entry?.healedAfterMs === undefined ? { notHealed: 1 } : { healedAfterMs: entry.healedAfterMs }),
			},
			notes: { timeline: this.timeline, logged: this.logged },
		};
	}
}

// Queue mode too: set-up runs on main, deliveries go to the webhook processor, which must know every secret main saved.
const flows = flowsFor((version, mode) => new Flow(version, mode), { queue: true });

describeFlows(flows, "Aurora's webhook endpoints down during set-up", (flow) => {
	const judge = (key: CaseKey) => expect(flow.judge(ROWS[key], key)).toEqual([]);

	it('a restart during the outage deletes nothing, and leads during and after it arrive', () => judge('restart'));

	it('a save (1.x) or the publish of a changed version (2.x) during the outage deletes nothing; the added event is subscribed once Aurora is back', () =>
		judge('publish'));

	it('a re-activation during the outage deletes nothing, and leads during and after it arrive', () => judge('reactivate'));
});
