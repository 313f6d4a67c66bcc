/**
 * What the trigger remembers across a restart and a crash, and what the catch-up knows in queue mode,
 * in a real n8n. Each stack runs the Postgres example (trigger 1.2: catch-up on, check interval 1
 * minute) while Aurora delivers 2 new leads every 30 s: for a window, then n8n restarts (SIGTERM), for
 * another window, then n8n is killed (SIGKILL, every process) and started, and the catch-up gets time
 * for its passes. Per stop: which leads delivered before it the catch-up started an execution for
 * again, and which it passed on again (the execution passes an item on), split by whether they were
 * delivered more than EARLY before the stop.
 *
 * On n8n 2.x a second workflow changes its API token while active: the subscription deleted in Aurora
 * is recreated by the scheduled check with the new token's secret, and deliveries are still accepted
 * after that, after the restart and after the kill.
 */
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';

import type { Lead } from '../../devkit/fake-aurora/types';
import { sleep } from '../../devkit/http';
import type { AuroraStack } from '../../devkit/stack/stack';
import { waitFor } from '../../devkit/stack/subscriptions';
import type { Expected, StoreWorkflow, Tenant } from './support/catch-up-world';
import { settledSubscriptions, storeWorkflow, subscriptionsFor, tally, triggerLog, waitStored } from './support/catch-up-world';
import { StackFlow, describeFlows, flowsFor } from './support/flows';
import type { Run } from './support/live';
import { CHECK_MENDS_WITHIN_MS, answerOf } from './support/live';
import type { Check, Outcome, ScenarioRow } from './support/scenario';
import { answerCounts, check } from './support/scenario';
import { scaled } from './support/scale';

const { scale } = scaled();
const FULL = scale === 'full';

/** How long deliveries run before each stop, and what counts as delivered long before it. */
const WINDOW_MS = FULL ? 12 * 60_000 : 4 * 60_000;
const EARLY_MS = FULL ? 10 * 60_000 : 3 * 60_000;
const PAIR_EVERY_MS = 30_000;
/** After the last start: the 2-minute grace, a pass (interval 1 minute) on each side, and the passes' own time. */
const CATCH_UP_WITHIN_MS = 4 * 60_000;
/**
 * Queue mode: the leader learns of a delivery only when its catch-up started an execution for it (and
 * saved its state with that emit): up to a pass, the 2-minute grace and a tick after the delivery.
 * Leads delivered within that before a stop get that execution after the start instead.
 */
const QUEUE_LAG_MS = 5 * 60_000;
/** Queue mode: the share of delivered leads the catch-up may pass on again in steady state. */
const QUEUE_TARGET = 0.1;

type Key = 'steady' | 'restart' | 'kill' | 'token';
type Stop = 'restart' | 'kill';

const minutes = (ms: number) => `${ms / 60_000} min`;

const ROWS: Record<Key, ScenarioRow> = {
	steady: { id: 'memory-steady', failure: `Steady deliveries (2 new leads every 30 s for ${minutes(WINDOW_MS)}), the catch-up passing over them every minute; in queue mode a webhook processor receives them` },
	restart: { id: 'memory-restart', failure: `n8n restarted (SIGTERM) after ${minutes(WINDOW_MS)} of steady deliveries (2 new leads every 30 s)` },
	kill: { id: 'memory-kill', failure: `n8n killed (SIGKILL, every process) after ${minutes(WINDOW_MS)} more of steady deliveries, then started` },
	token: { id: 'memory-token', failure: 'The API token is changed in the credential (the old one revoked) and the lead_created subscription deleted in Aurora; the scheduled check recreates it; then n8n restarts, then it is killed' },
};

/** Two new leads at a time, until stopped: each one Aurora delivers at once. */
class SteadyLeads {
	readonly leads: Array<{ lead: Lead; at: number }> = [];
	private stopped = false;
	private running?: Promise<void>;

	start(create: () => Promise<Lead>): void {
		this.running = (async () => {
			while (!this.stopped) {
				for (let index = 0; index < 2; index++) {
					const lead = await create();
					this.leads.push({ lead, at: Date.parse(lead.created_at) });
				}
				const next = Date.now() + PAIR_EVERY_MS;
				while (!this.stopped && Date.now() < next) await sleep(500);
			}
		})();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		await this.running;
	}

	before(at: number): Array<{ lead: Lead; at: number }> {
		return this.leads.filter((entry) => entry.at < at);
	}
}

interface Phase {
	stop: Stop;
	stoppedAt: number;
	startedAt: number;
	/** When the next stop came (or the end of the scenario). */
	until: number;
}

/** Lead ids the trigger's execute() dropped (a caught-up copy of a delivered lead), per run of n8n (0 before the first restart). */
function droppedPerRun(logFiles: string[]): Array<Set<string>> {
	const runs: Array<Set<string>> = [];
	for (const file of logFiles) {
		let run = -1;
		let text = '';
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n')) {
			if (/^===== \S+ start n8n-/.test(line)) run++;
			const found = /the catch-up found lead ([0-9a-f-]{36}), which a delivery already passed on/.exec(line);
			if (found && run >= 0) (runs[run] ??= new Set()).add(found[1]);
		}
	}
	return runs;
}

class Flow extends StackFlow<Key> {
	readonly tenants: Record<'memory' | 'token', Tenant> = {
		memory: { key: 'memory', tenantId: randomUUID(), token: `sk_sand_memory_${randomUUID().slice(0, 8)}` },
		token: { key: 'token', tenantId: randomUUID(), token: `sk_sand_token_old_${randomUUID().slice(0, 8)}` },
	};
	/** The token the credential changes to. */
	readonly newToken = `sk_sand_token_new_${randomUUID().slice(0, 8)}`;
	readonly leads = new SteadyLeads();
	private readonly phases: Phase[] = [];

	protected override stackOptions() {
		return {
			fake: {
				tenants: [
					{ tenantId: this.tenants.memory.tenantId, tokens: [this.tenants.memory.token], name: 'Memory' },
					{ tenantId: this.tenants.token.tenantId, tokens: [this.tenants.token.token, this.newToken], name: 'Token change' },
				],
			},
		};
	}

	protected async observe(stack: AuroraStack): Promise<void> {
		const flow = await storeWorkflow(stack, this.tenants.memory);
		await settledSubscriptions(this.admin, flow);
		const tokenFlow = this.v1 ? undefined : await storeWorkflow(stack, this.tenants.token);
		if (tokenFlow) await settledSubscriptions(this.admin, tokenFlow);
		const begun = Date.now();
		this.leads.start(async () => await this.admin.createLead({}, flow.tenant.tenantId));
		const token = tokenFlow ? this.tokenChange(stack, tokenFlow) : undefined;

		for (const stop of ['restart', 'kill'] as const) {
			const last = this.phases[this.phases.length - 1];
			await sleep(Math.max(0, (last?.startedAt ?? begun) + WINDOW_MS - Date.now()));
			const stoppedAt = Date.now();
			if (stop === 'restart') await stack.n8n.restart();
			else {
				await this.leads.stop();
				await stack.n8n.kill();
				await stack.n8n.start();
			}
			if (last) last.until = stoppedAt;
			this.phases.push({ stop, stoppedAt, startedAt: Date.now(), until: Infinity });
			if (token) await token.after(stop);
		}
		await sleep(CATCH_UP_WITHIN_MS);
		this.phases[this.phases.length - 1].until = Date.now();
		const expected: Expected[] = this.leads.leads.map(({ lead, at }) => ({ lead, at, events: ['lead_created'] }));
		await waitStored(flow, expected, 3 * 60_000);
		const result = await tally(stack, flow, expected);
		const logs = stack.n8n.mode === 'queue' ? (['main', 'worker', 'webhook'] as const) : (['main'] as const);
		const dropped = droppedPerRun(logs.map((role) => stack.n8n.logFile(role)));
		const stored = [
			check(`every lead reached the workflow (${expected.length})`, result.lost.length === 0, result.lost.slice(0, 10)),
			check('the store holds exactly one row per lead', result.badRows.length === 0, result.badRows.slice(0, 10)),
			check('every execution succeeded', result.failedExecutions === 0, result.failedExecutions),
		];
		this.outcomes.set('steady', this.steady(result.runs, dropped[0] ?? new Set(), stored));
		this.phases.forEach((phase, index) => this.outcomes.set(phase.stop, this.afterStop(phase, result.runs, dropped[index + 1] ?? new Set(), triggerLog(stack))));
		if (token) this.outcomes.set('token', await token.outcome());
	}

	/** Leads delivered before `at`, by id. */
	private deliveredBefore(at: number): Map<string, number> {
		return new Map(this.leads.before(at).map(({ lead, at: created }) => [lead.id, created]));
	}

	/**
	 * What the catch-up passed on again of what Aurora delivered, over the whole run (each lead had a
	 * catch-up's time after the last start); and on one main, whether it started any execution before
	 * the first stop.
	 */
	private steady(runs: Run[], dropped: Set<string>, stored: Check[]): Outcome {
		const delivered = this.deliveredBefore(Infinity);
		const again = new Set(runs.flatMap((run) => run.items).filter((item) => item.caught_up === true && delivered.has(String(item.lead_id))).map((item) => String(item.lead_id)));
		const empty = runs.filter((run) => run.items.length === 0).length;
		const emptyBeforeStop = runs.filter((run) => run.items.length === 0 && Date.parse(run.startedAt) < this.phases[0].stoppedAt).length;
		const share = delivered.size === 0 ? 0 : again.size / delivered.size;
		const checks = this.queue
			? [check(`queue mode: at most ${QUEUE_TARGET * 100}% of the delivered leads passed on again`, share <= QUEUE_TARGET, { again: again.size, delivered: delivered.size })]
			: [check('one main: before the first stop the catch-up started no execution', emptyBeforeStop === 0 && dropped.size === 0, { emptyBeforeStop, dropped: dropped.size })];
		return {
			checks: [...stored, ...checks],
			auroraSees: `${delivered.size} leads delivered`,
			userSees: `${again.size} of ${delivered.size} delivered leads passed on again (${Math.round(share * 100)}%); ${empty} executions in which the trigger passed nothing on (a caught-up copy of a delivered lead), ${emptyBeforeStop} of them before the first stop`,
			figures: { delivered: delivered.size, passedOnAgain: again.size, emptyExecutions: empty, emptyBeforeFirstStop: emptyBeforeStop },
		};
	}

	/** After a stop: which leads delivered before it the catch-up took up again, early and late. */
	private afterStop(phase: Phase, runs: Run[], dropped: Set<string>, log: string[]): Outcome {
		const delivered = this.deliveredBefore(phase.stoppedAt);
		const before = (id: string) => phase.stoppedAt - (delivered.get(id) ?? phase.stoppedAt);
		const early = (id: string) => before(id) > EARLY_MS;
		// Queue mode: what the leader had not caught up yet it cannot know (QUEUE_LAG_MS).
		const knownBefore = (id: string) => before(id) > (this.queue ? Math.max(EARLY_MS, QUEUE_LAG_MS) : EARLY_MS);
		const after = runs.filter((run) => Date.parse(run.startedAt) >= phase.startedAt && Date.parse(run.startedAt) < phase.until);
		const again = [...new Set(after.flatMap((run) => run.items).filter((item) => item.caught_up === true && delivered.has(String(item.lead_id))).map((item) => String(item.lead_id)))];
		const droppedBefore = [...dropped].filter((id) => delivered.has(id));
		const count = (ids: string[], wanted: boolean) => ids.filter((id) => early(id) === wanted).length;
		const figures = {
			deliveredBeforeStop: delivered.size,
			deliveredEarly: [...delivered.keys()].filter((id) => early(id)).length,
			passedOnAgainEarly: count(again, true),
			passedOnAgainLate: count(again, false),
			executionsAgainEarly: count(again, true) + count(droppedBefore, true),
			executionsAgainLate: count(again, false) + count(droppedBefore, false),
		};
		const what = phase.stop === 'restart' ? 'the restart' : 'the kill';
		return {
			checks: [
				check(`no lead delivered more than ${minutes(EARLY_MS)} before ${what} was passed on again`, figures.passedOnAgainEarly === 0, again.filter(early)),
				check(
					`no execution was started again for a lead delivered more than ${minutes(this.queue ? Math.max(EARLY_MS, QUEUE_LAG_MS) : EARLY_MS)} before ${what}`,
					[...again, ...droppedBefore].filter(knownBefore).length === 0,
					[...again, ...droppedBefore].filter(knownBefore),
				),
				check(`no lead delivered before ${what} was passed on again at all`, again.length === 0, again),
			],
			auroraSees: `${delivered.size} leads delivered before ${what}, ${figures.deliveredEarly} of them more than ${minutes(EARLY_MS)} before it`,
			userSees: `passed on again: ${figures.passedOnAgainEarly} early, ${figures.passedOnAgainLate} late; executions started again (the trigger passing nothing on in them): ${figures.executionsAgainEarly} early, ${figures.executionsAgainLate} late`,
			notes: again.length > 0 ? { again, log: log.slice(-20) } : undefined,
			figures,
		};
	}

	/**
	 * The token changes while the workflow is active, and the check must recreate a deleted subscription
	 * with a secret derived from the new token. Deliveries are accepted then, after the restart and after
	 * the kill.
	 */
	private tokenChange(stack: AuroraStack, flow: StoreWorkflow) {
		const tenant = this.tenants.token;
		const deliveries: Array<{ when: string; answers: Array<number | string>; accepted: boolean }> = [];
		const deliver = async (when: string) => {
			const lead = await this.admin.createLead({}, tenant.tenantId);
			await waitStored(flow, [{ lead, at: Date.parse(lead.created_at), events: ['lead_created'] }], 2 * 60_000);
			const attempts = (await this.admin.deliveries({ event: 'lead_created' })).filter((attempt) => attempt.url.includes(lead.id));
			const answers = attempts.map(answerOf);
			deliveries.push({ when, answers, accepted: answers.includes(200) && !answers.includes(401) });
		};
		const steps = (async () => {
			const before = await settledSubscriptions(this.admin, flow);
			await stack.n8n.updateCredential(flow.credentialId, `Aurora ${tenant.key}`, 'auroraSolarApi', {
				environment: 'custom',
				baseUrl: stack.fake.url,
				apiToken: this.newToken,
				tenantId: tenant.tenantId,
			});
			await this.admin.revokeToken(tenant.token);
			await this.admin.deleteSubscription(before.lead_created.id);
			const recreated = await waitFor(
				'the check to recreate the lead_created subscription',
				async () => (await subscriptionsFor(this.admin, flow)).find((entry) => entry.event === 'lead_created' && entry.id !== before.lead_created.id && entry.enabled),
				CHECK_MENDS_WITHIN_MS,
			).catch(() => undefined);
			await deliver('after the check recreated the subscription');
			return recreated !== undefined;
		})();
		return {
			after: async (stop: Stop) => {
				await steps.catch(() => undefined);
				await deliver(`after the ${stop}`);
			},
			outcome: async (): Promise<Outcome> => {
				const recreated = await steps.catch(() => false);
				return {
					checks: [
						check('the scheduled check recreated the deleted subscription with the new token', recreated === true),
						...deliveries.map((entry) => check(`a delivery ${entry.when} was accepted`, entry.accepted, entry.answers)),
					],
					auroraSees: deliveries.map((entry) => `${entry.when}: ${answerCounts(entry.answers)}`).join('; '),
					userSees: `each lead in an execution with the full lead (${deliveries.filter((entry) => entry.accepted).length} of ${deliveries.length} deliveries accepted)`,
					figures: { deliveries: deliveries.length, accepted: deliveries.filter((entry) => entry.accepted).length },
				};
			},
		};
	}
}

const all = flowsFor((version, mode) => new Flow(version, mode), { queue: true });
// CI's short scale: n8n 2.41.1, regular and queue mode.
const flows = FULL ? all : all.filter((flow) => !flow.v1);

describeFlows(
	flows,
	'what the trigger remembers across a restart and a crash',
	(flow) => {
		const judge = (key: Key) => expect(flow.judge(ROWS[key], key)).toEqual([]);

		it(`steady deliveries: ${flow.queue ? `at most ${QUEUE_TARGET * 100}% of what webhook processors delivered is passed on again` : 'the catch-up starts no execution'}`, () => judge('steady'));

		it(`a restart: no lead delivered more than ${minutes(EARLY_MS)} before it is passed on again`, () => judge('restart'));

		it(`a kill -9: no lead delivered more than ${minutes(EARLY_MS)} before it is passed on again`, () => judge('kill'));

		if (!flow.v1) it('a token change mended by the scheduled check: deliveries are accepted, also after a restart and a kill', () => judge('token'));
	},
	// The flows mostly wait, with 2 leads every 30 s: they run side by side (their start-ups take turns).
	{ parallel: flows.length },
);
