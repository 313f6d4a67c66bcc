/**
 * The catch-up sweep in a real n8n: what Aurora never delivered still reaches the user, once stored.
 * Each scenario runs the Postgres example (trigger 1.2: catch-up on by default, check interval 1
 * minute) on its own fake tenant and API key, against Aurora's rate limit (90 requests a minute per
 * key) and a scaled retry ladder (and Aurora's 48 h auto-disable in proportion).
 *
 * Phase 1, side by side: a subscription disabled while leads are created and changed; a burst over
 * the rate limit; activation on a tenant full of leads. Phase 2: n8n stopped past the whole retry
 * ladder while leads keep coming (Aurora disables the subscriptions), then started; beside its
 * catch-up, steady deliveries, and a polling workflow. n8n's URL is http://localhost:…/ throughout.
 *
 * In each: every lead (and change) reached the workflow with its data, and the store holds exactly
 * one row per lead with its latest data. Raw duplicates (the same lead and content more than once)
 * are reported; on one main with no gap there must be none.
 */
import type { Lead } from '../../devkit/fake-aurora/types';
import { sleep } from '../../devkit/http';
import type { AuroraStack } from '../../devkit/stack/stack';
import { waitFor } from '../../devkit/stack/subscriptions';
import type { Expected, StoreWorkflow, Tally, Tenant } from './support/catch-up-world';
import { budgetUsed, changeEmail, listRequests, settledSubscriptions, storeWorkflow, subscriptionsFor, tally, tenantOptions, tenantsFor, triggerLog, waitStored } from './support/catch-up-world';
import { StackFlow, describeFlows, flowsFor } from './support/flows';
import type { Check, Outcome, ScenarioRow } from './support/scenario';
import { answerCounts, check } from './support/scenario';
import { nextRequestIndex } from './support/live';
import { scaled } from './support/scale';

const { scale } = scaled();
const FULL = scale === 'full';

/** Aurora's ladder (30 s … 20 h, 23.6 h in all) and its 48 h auto-disable, scaled: 85 s and 173 s (short: 42 s and 86 s). */
const TIME_SCALE = FULL ? 0.001 : 0.0005;
const LADDER_MS = Math.round((30 + 300 + 1_800 + 10_800 + 72_000) * 1_000 * TIME_SCALE);
const AUTO_DISABLE_MS = Math.round(48 * 3_600_000 * TIME_SCALE);

const COUNTS = FULL
	? { disabledNew: 20, disabledBaseline: 6, burst: 300, existing: 1_000, steady: 24, steadyEveryMs: 10_000, ladder: 20, polling: 10 }
	: { disabledNew: 6, disabledBaseline: 3, burst: 150, existing: 300, steady: 8, steadyEveryMs: 10_000, ladder: 6, polling: 4 };

/** The 2-minute grace, a tick on each side, and the passes' own time. */
const CATCH_UP_WITHIN_MS = 4 * 60_000;

const KEYS = ['disabled', 'burst', 'existing', 'steady', 'ladder', 'polling'] as const;
type Key = (typeof KEYS)[number];

const ROWS: Record<Key, ScenarioRow> = {
	disabled: {
		id: 'catch-up-disabled',
		failure: `Both subscriptions disabled in Aurora while ${COUNTS.disabledNew} leads are created and ${COUNTS.disabledBaseline} older ones and 2 new ones change (no restart; the check mends them)`,
	},
	burst: { id: 'catch-up-burst', failure: `A burst of ${COUNTS.burst} leads at once, Aurora limiting the key to 90 requests a minute, its retries scaled (the last ${LADDER_MS / 1000} s after the event)` },
	existing: { id: 'catch-up-existing', failure: `Activation on a tenant that already holds ${COUNTS.existing} leads, then one new lead` },
	steady: { id: 'catch-up-steady', failure: `Steady deliveries: a lead every ${COUNTS.steadyEveryMs / 1000} s for ${(COUNTS.steady * COUNTS.steadyEveryMs) / 60_000} min (every 4th then changed), over several catch-up passes` },
	ladder: {
		id: 'catch-up-ladder',
		failure: `n8n stopped past Aurora's whole retry ladder and its auto-disable (scaled: ${LADDER_MS / 1000} s and ${AUTO_DISABLE_MS / 1000} s) while ${COUNTS.ladder} leads are created over that time and 2 delivered leads change, then started`,
	},
	polling: { id: 'catch-up-polling', failure: `Polling mode (no subscriptions), n8n's webhook URL set to localhost, ${COUNTS.polling} leads created and 1 older lead changed` },
};

/** What to keep with a scenario whose checks failed: the leads lost and the trigger's log. */
function diagnosis(stack: AuroraStack, result: Tally, expected: Expected[]): Record<string, unknown> | undefined {
	if (result.lost.length === 0 && result.badRows.length === 0) return undefined;
	const order = expected.map(({ lead, at }) => ({ id: lead.id, at: new Date(at).toISOString() }));
	return { lost: result.lost, order, triggerLog: triggerLog(stack) };
}

function figures(result: Tally, extra: Record<string, number> = {}): Record<string, number> {
	return {
		leadsLost: result.lost.length,
		leadsBadlyStored: result.badRows.length,
		strayRows: result.strayRows,
		rawDuplicates: result.rawDuplicates,
		caughtUp: result.caughtUp,
		executions: result.executions,
		emptyExecutions: result.emptyRuns,
		failedExecutions: result.failedExecutions,
		maxArrivalMs: result.maxArrivalMs,
		medianArrivalMs: result.medianArrivalMs,
		...extra,
	};
}

/** The checks every scenario makes: nothing lost, one row per lead with its latest data, every execution succeeded. */
function storedOnce(result: Tally, expected: Expected[]): Check[] {
	return [
		check(`every lead and change reached the workflow with its data (${expected.length})`, result.lost.length === 0, result.lost.slice(0, 10)),
		check('the store holds exactly one row per lead, with its latest data', result.badRows.length === 0, result.badRows.slice(0, 10)),
		check('no row for a lead that was only part of the baseline', result.strayRows === 0, result.strayRows),
		check('every execution succeeded', result.failedExecutions === 0, result.runs.filter((run) => run.status !== 'success').map((run) => `${run.id}: ${run.status}`).slice(0, 10)),
	];
}

function userSees(result: Tally, expected: Expected[]): string {
	return `${expected.length - result.lost.length} of ${expected.length} leads/changes arrived (${result.caughtUp} caught up, ${result.rawDuplicates} raw duplicates), one row each; slowest ${Math.round(result.maxArrivalMs / 1000)} s after the change in Aurora`;
}

function expect1(lead: Lead, at: number, events: string[] = ['lead_created', 'lead_changed']): Expected {
	return { lead, at, events };
}

class Flow extends StackFlow<Key> {
	readonly tenants = tenantsFor(KEYS);
	readonly workflows = new Map<Key, StoreWorkflow>();
	/** Leads created before activation, per tenant: the baseline. */
	readonly baseline = new Map<Key, Lead[]>();

	protected override stackOptions() {
		// n8n's URL is http://localhost:…/, as on most local installs: polling must accept it.
		return { webhookHost: 'localhost', fake: { tenants: tenantOptions(this.tenants), timeScale: TIME_SCALE, rateLimitPerMinute: 90, autoDisableAfterMs: AUTO_DISABLE_MS } };
	}

	private tenant(key: Key): Tenant {
		return this.tenants[key];
	}

	private workflow(key: Key): StoreWorkflow {
		const found = this.workflows.get(key);
		if (!found) throw new Error(`no workflow for ${key}`);
		return found;
	}

	protected async observe(stack: AuroraStack): Promise<void> {
		// Created well before the activations (an hour ago): the trigger takes a lead created just before
		// it was published for an event (the publication gap of n8n 2.x), an older one for the baseline.
		const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
		await this.admin.seedLeads(COUNTS.existing, this.tenant('existing').tenantId, anHourAgo);
		for (const key of ['disabled', 'polling', 'ladder'] as const) {
			const count = key === 'disabled' ? COUNTS.disabledBaseline : 2;
			const leads: Lead[] = [];
			for (let index = 0; index < count; index++) leads.push(await this.admin.createLead({}, this.tenant(key).tenantId, anHourAgo));
			this.baseline.set(key, leads);
		}
		// One activation at a time: each is a burst of work for n8n.
		for (const key of ['disabled', 'burst', 'existing', 'steady', 'ladder'] as const) {
			this.workflows.set(key, await storeWorkflow(stack, this.tenant(key)));
			await settledSubscriptions(this.admin, this.workflow(key));
		}
		// Steady deliveries and polling run apart from the burst: it keeps n8n (and its SQLite) too busy to
		// answer some deliveries within Aurora's 10 s, and even n8n's own API then answers 503 for a while.
		await Promise.all([
			this.scenario('burst', async () => await this.burst()),
			this.scenario('disabled', async () => await this.disabled()),
			this.scenario('existing', async () => await this.existing()),
		]);
		await this.scenario('ladder', async () => await this.ladder());
	}

	/** Both subscriptions disabled in Aurora; leads created, older and new ones changed; the check mends them. */
	private async disabled(): Promise<Outcome> {
		const flow = this.workflow('disabled');
		const tenantId = flow.tenant.tenantId;
		const subscriptions = await settledSubscriptions(this.admin, flow);
		for (const subscription of Object.values(subscriptions)) await this.admin.updateSubscription(subscription.id, { enabled: false });
		const expected: Expected[] = [];
		const created: Lead[] = [];
		for (let index = 0; index < COUNTS.disabledNew; index++) created.push(await this.admin.createLead({}, tenantId));
		for (const lead of this.baseline.get('disabled') ?? []) expected.push(expect1(await changeEmail(this.admin, lead, 'changed'), Date.now(), ['lead_changed']));
		for (const [index, lead] of created.entries()) {
			expected.push(index < 2 ? expect1(await changeEmail(this.admin, lead, 'changed'), Date.now()) : expect1(lead, new Date(lead.created_at).getTime()));
		}
		const waitedMs = await waitStored(flow, expected, CATCH_UP_WITHIN_MS + 3 * 60_000);
		const mended = await waitFor('the subscriptions enabled again', async () => ((await subscriptionsFor(this.admin, flow)).every((entry) => entry.enabled) ? true : undefined), 60_000).catch(() => false);
		const result = await tally(this.live, flow, expected);
		const budget = budgetUsed(listRequests(await this.admin.requests(), flow.tenant));
		return {
			checks: [
				...storedOnce(result, expected),
				check('the scheduled check enabled the subscriptions again', mended === true),
				check('the catch-up kept to its budget: at most 30 list requests in any minute', budget.maxListRequestsPerMinute <= 30, budget),
			],
			auroraSees: 'no delivery while the subscriptions are disabled; List Leads from the catch-up',
			userSees: userSees(result, expected),
			notes: diagnosis(this.live, result, expected),
			figures: figures(result, { leads: expected.length, waitedMs, ...budget }),
		};
	}

	/** Hundreds of leads at once against Aurora's 90 requests a minute. */
	private async burst(): Promise<Outcome> {
		const flow = this.workflow('burst');
		const tenantId = flow.tenant.tenantId;
		const expected: Expected[] = [];
		for (let index = 0; index < COUNTS.burst; index++) {
			const lead = await this.admin.createLead({}, tenantId);
			expected.push(expect1(lead, new Date(lead.created_at).getTime(), ['lead_created']));
		}
		// The last retry of the burst, then the catch-up.
		const waitedMs = await waitStored(flow, expected, LADDER_MS + CATCH_UP_WITHIN_MS + (FULL ? 6 : 4) * 60_000);
		const result = await tally(this.live, flow, expected);
		const requests = await this.admin.requests();
		const ids = new Set(expected.map(({ lead }) => lead.id));
		const attempts = (await this.admin.deliveries({ event: 'lead_created' })).filter((attempt) => ids.has(new URL(attempt.url).searchParams.get('lead_id') ?? ''));
		const deliveredLeads = new Set(attempts.filter((attempt) => attempt.ok).map((attempt) => new URL(attempt.url).searchParams.get('lead_id')));
		const retrievals429 = requests.filter((entry) => entry.status === 429 && entry.path.startsWith(`/tenants/${tenantId}/leads/`)).length;
		const budget = budgetUsed(listRequests(requests, flow.tenant));
		return {
			checks: [
				...storedOnce(result, expected),
				check('the burst really exceeded the rate limit: some leads never got a delivery answered 2xx', deliveredLeads.size < COUNTS.burst, deliveredLeads.size),
				check('the catch-up kept to its budget: at most 30 list requests in any minute', budget.maxListRequestsPerMinute <= 30, budget),
			],
			auroraSees: `deliveries answered ${answerCounts(attempts.map((attempt) => attempt.status ?? attempt.error ?? 'no answer'))}; ${retrievals429} retrievals answered 429`,
			userSees: userSees(result, expected),
			notes: diagnosis(this.live, result, expected),
			figures: figures(result, { leads: COUNTS.burst, deliveredByWebhook: deliveredLeads.size, retrievals429, waitedMs, ...budget }),
		};
	}

	/** Activation on a full tenant replays nothing; a new lead still arrives. */
	private async existing(): Promise<Outcome> {
		const flow = this.workflow('existing');
		// Two passes after the grace: anything the baseline missed would be passed on by then.
		await sleep(CATCH_UP_WITHIN_MS);
		const before = await tally(this.live, flow, []);
		const lead = await this.admin.createLead({}, flow.tenant.tenantId);
		const expected = [expect1(lead, new Date(lead.created_at).getTime(), ['lead_created'])];
		await waitStored(flow, expected, 60_000);
		// Queue mode: the leader's catch-up starts an execution for the new lead once more; wait for it.
		if (this.queue) await sleep(CATCH_UP_WITHIN_MS);
		const result = await tally(this.live, flow, expected);
		const budget = budgetUsed(listRequests(await this.admin.requests(), flow.tenant));
		return {
			checks: [
				check(`nothing of the ${COUNTS.existing} existing leads started an execution`, before.executions === 0, before.runs.slice(0, 5)),
				...storedOnce(result, expected),
				check(
					this.queue ? 'the new lead reached the workflow once (queue mode: the catch-up\'s copy ends at the trigger)' : 'the new lead ran once',
					result.rawDuplicates === 0 && result.executions <= (this.queue ? 2 : 1),
					{ executions: result.executions, rawDuplicates: result.rawDuplicates },
				),
			],
			auroraSees: `the baseline and the passes listed ${budget.listRequests} pages`,
			userSees: `${before.executions} executions for the ${COUNTS.existing} existing leads; the new lead: ${result.executions}`,
			figures: { existingLeads: COUNTS.existing, replayed: before.executions, ...figures(result, budget) },
		};
	}

	/** A lead every few seconds (every 4th changed afterwards) over several passes: no extra executions on one main. */
	private async steady(): Promise<Outcome> {
		const flow = this.workflow('steady');
		const tenantId = flow.tenant.tenantId;
		const expected: Expected[] = [];
		let previous: Lead | undefined;
		for (let index = 0; index < COUNTS.steady; index++) {
			const lead = await this.admin.createLead({}, tenantId);
			expected.push(expect1(lead, new Date(lead.created_at).getTime(), ['lead_created']));
			// The lead before, delivered by now: a change right after creation would reach lead_created's retrieval too.
			if (index % 4 === 3 && previous) expected.push(expect1(await changeEmail(this.admin, previous, 'changed'), Date.now(), ['lead_changed']));
			previous = lead;
			await sleep(COUNTS.steadyEveryMs);
		}
		await waitStored(flow, expected, 2 * 60_000);
		// Long enough for the catch-up to pass on anything it (wrongly) thought undelivered.
		await sleep(CATCH_UP_WITHIN_MS);
		const result = await tally(this.live, flow, expected);
		const events = expected.length;
		const checks = [...storedOnce(result, expected)];
		if (this.queue) {
			// The leader cannot see what webhook processors delivered; the trigger drops its copies (trigger/delivery-record.ts).
			checks.push(check('queue mode: at most 10% of what webhook processors delivered passed on again', result.caughtUp <= events * 0.1, { caughtUp: result.caughtUp, emptyRuns: result.emptyRuns }));
		} else {
			checks.push(check('one main, no gap: the catch-up started no execution', result.caughtUp === 0, result.caughtUp));
			checks.push(check('one main, no gap: no lead or change ran twice', result.rawDuplicates === 0 && result.executions === events, { executions: result.executions, events }));
		}
		return {
			checks,
			auroraSees: `${events} deliveries answered 200`,
			userSees: userSees(result, expected),
			notes: diagnosis(this.live, result, expected),
			figures: figures(result, { leads: events, ...budgetUsed(listRequests(await this.admin.requests(), flow.tenant)) }),
		};
	}

	/**
	 * n8n down while leads keep coming, past Aurora's retry ladder and its auto-disable (which needs
	 * failures spread over its whole span), then started; steady deliveries and a polling workflow run
	 * beside the catch-up.
	 */
	private async ladder(): Promise<Outcome> {
		const flow = this.workflow('ladder');
		const tenantId = flow.tenant.tenantId;
		const n8n = this.live.n8n;
		// Leads delivered while n8n runs: two change while it is down, one does not (a restart may replay it).
		const delivered: Lead[] = [];
		for (let index = 0; index < 3; index++) delivered.push(await this.admin.createLead({}, tenantId));
		await waitStored(flow, delivered.map((lead) => expect1(lead, 0, ['lead_created'])), 60_000);
		await n8n.stop();
		const stoppedAt = Date.now();
		// Their deliveries were not saved in the catch-up's state before the stop, so a change may come as lead_created.
		const expected: Expected[] = [expect1(await changeEmail(this.admin, delivered[0], 'changed'), Date.now())];
		const spacing = (AUTO_DISABLE_MS * 1.1) / COUNTS.ladder;
		for (let index = 0; index < COUNTS.ladder; index++) {
			await sleep(spacing);
			const lead = await this.admin.createLead({}, tenantId);
			expected.push(expect1(lead, new Date(lead.created_at).getTime(), ['lead_created']));
		}
		expected.push(expect1(await changeEmail(this.admin, delivered[1], 'changed'), Date.now()));
		// Until Aurora disabled both subscriptions and has no retry left.
		const disabled = await waitFor(
			'Aurora to disable both subscriptions',
			async () => {
				const subscriptions = await subscriptionsFor(this.admin, flow);
				const state = await this.admin.deliveryState();
				return subscriptions.every((entry) => !entry.enabled) && state.pendingRetries === 0 ? true : undefined;
			},
			LADDER_MS + 60_000,
		).catch(() => false);
		const downMs = Date.now() - stoppedAt;
		await n8n.start();
		const beside = Promise.all([this.scenario('steady', async () => await this.steady()), this.scenario('polling', async () => await this.polling())]);
		const waitedMs = await waitStored(flow, expected, CATCH_UP_WITHIN_MS + 2 * 60_000);
		const mended = await waitFor('the subscriptions enabled again', async () => ((await subscriptionsFor(this.admin, flow)).every((entry) => entry.enabled) ? true : undefined), 2 * 60_000).catch(() => false);
		await beside;
		const all = [expect1(delivered[2], new Date(delivered[2].created_at).getTime(), ['lead_created']), ...expected];
		const result = await tally(this.live, flow, all);
		// Replays of the unchanged lead delivered before the stop, as the README bounds them (deliveries since the last save).
		const replayed = result.runs.filter((run) => run.items.some((item) => item.caught_up === true && item.lead_id === delivered[2].id)).length;
		const attempts = (await this.admin.deliveries()).filter((attempt) => expected.some(({ lead }) => attempt.url.includes(lead.id)));
		return {
			checks: [
				check('Aurora gave up and disabled both subscriptions while n8n was down', disabled === true),
				...storedOnce(result, all),
				check('the scheduled check enabled the subscriptions again', mended === true),
			],
			auroraSees: `deliveries answered ${answerCounts(attempts.map((attempt) => attempt.status ?? attempt.error?.replace(/ 127\.0\.0\.1:\d+/, '') ?? 'no answer'))}, then both subscriptions disabled`,
			notes: diagnosis(this.live, result, all),
			userSees: `${userSees(result, all)}; n8n was down ${Math.round(downMs / 1000)} s; the unchanged lead delivered before the stop passed on again: ${replayed}`,
			figures: figures(result, { leads: all.length, downMs, sinceStartMs: waitedMs, replayedAfterRestart: replayed, ...budgetUsed(listRequests(await this.admin.requests(), flow.tenant)) }),
		};
	}

	/**
	 * Polling where n8n's own URL is localhost (as on most office and laptop installs): activation
	 * is not refused, no subscription exists, every lead arrives.
	 */
	private async polling(): Promise<Outcome> {
		const stack = this.live;
		const tenant = this.tenant('polling');
		const since = await nextRequestIndex(this.admin);
		const url = stack.n8n.webhookBase;
		let flow: StoreWorkflow;
		try {
			flow = await storeWorkflow(stack, tenant, { receiveEventsVia: 'polling', pollIntervalMinutes: 1 });
		} catch (error) {
			return { checks: [check(`activation in polling mode with n8n at ${url} is not refused`, false, (error as Error).message)], auroraSees: 'nothing', userSees: 'the activation failed', figures: { leadsLost: COUNTS.polling } };
		}
		this.workflows.set('polling', flow);
		const expected: Expected[] = [];
		for (let index = 0; index < COUNTS.polling; index++) {
			const lead = await this.admin.createLead({}, tenant.tenantId);
			expected.push(expect1(lead, new Date(lead.created_at).getTime(), ['lead_created']));
			await sleep(2_000);
		}
		const older = this.baseline.get('polling')?.[0];
		if (older) expected.push(expect1(await changeEmail(this.admin, older, 'changed'), Date.now(), ['lead_changed']));
		const waitedMs = await waitStored(flow, expected, 3 * 60_000);
		const result = await tally(stack, flow, expected);
		const subscriptions = await this.admin.subscriptions(tenant.tenantId);
		// Reading the list to remove what webhook mode left behind is fine; creating or changing one is not.
		const webhookCalls = (await this.admin.requests(since)).filter((entry) => entry.path.startsWith(`/tenants/${tenant.tenantId}/webhooks`) && entry.method !== 'GET');
		const budget = budgetUsed(listRequests(await this.admin.requests(), tenant));
		const checks = [
			check(`activation in polling mode with n8n at ${url} is not refused`, true),
			...storedOnce(result, expected),
			check('no subscription exists in Aurora, and none was created or changed', subscriptions.length === 0 && webhookCalls.length === 0, { subscriptions: subscriptions.length, webhookCalls: webhookCalls.length }),
			check('polling kept to the budget: at most 30 list requests in any minute', budget.maxListRequestsPerMinute <= 30, budget),
		];
		return {
			checks,
			auroraSees: `List Leads every minute (${budget.listRequests} pages); no subscription created`,
			userSees: userSees(result, expected),
			notes: diagnosis(this.live, result, expected),
			figures: figures(result, { leads: expected.length, waitedMs, ...budget }),
		};
	}
}

const all = flowsFor((version, mode) => new Flow(version, mode), { queue: true });
// CI's short scale runs one stack: the scenarios are the same on every version, and their waits are long.
const flows = FULL ? all : all.slice(0, 1);

describeFlows(flows, 'what Aurora did not deliver is caught up', (flow) => {
	const judge = (key: Key) => expect(flow.judge(ROWS[key], key)).toEqual([]);

	it('subscriptions disabled while leads are created and changed: every lead and change stored once', () => judge('disabled'));

	it(`a burst of ${COUNTS.burst} leads over the rate limit: every lead stored once`, () => judge('burst'));

	it(`activation on ${COUNTS.existing} existing leads replays nothing`, () => judge('existing'));

	it('steady deliveries over several passes: no extra executions on one main', () => judge('steady'));

	it("n8n stopped past Aurora's retry ladder: every lead stored once after the start", () => judge('ladder'));

	it('polling with n8n at localhost: no subscription, every lead stored once', () => judge('polling'));
});
