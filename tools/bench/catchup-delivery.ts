/**
 * Table 3 of the catch-up bench: delivery throughput of a trigger whose catch-up state is large
 * against one whose state is empty, in one real n8n. Two trigger workflows (version 1.2, catch-up on,
 * lead_created, Retrieve Details) on two tenants of one fake: "large" holds N leads before it is
 * activated, so its baseline records N leads into the node's static data; "empty" holds none when it
 * is activated (the leads its deliveries name are added afterwards). Before timing, the script checks
 * through n8n's public API that the large workflow's static data really holds the whole state.
 * Then batches alternate (large, empty; next round empty, large), signed as Aurora signs them.
 */
import { OTHER_TENANT_ID, OTHER_TENANT_TOKEN } from '../../devkit/fake-aurora/config';
import { sleep } from '../../devkit/http';
import { waitFor } from '../../devkit/stack/subscriptions';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import type { BatchResult } from './burst';
import { runBatch } from './burst';
import type { FakeProcess } from './fake-process';
import { startFakeProcess } from './fake-process';
import { fireBurst } from './load';
import { startBenchN8n } from './n8n-setup';
import type { Setup } from './setups';
import { allLeadIds, triggerDelivery, waitUntilAnswering } from './setups';
import { triggerSetup } from './workflows';

export type StateSize = 'large' | 'empty';

export interface StoredCatchUp {
	/** The workflow's whole static data as JSON, bytes. */
	staticDataBytes: number;
	/** Leads the stored seen set holds (12 bytes each before base64). */
	tracked: number;
	complete: boolean;
}

export interface DeliveryComparison {
	leads: number;
	deliveries: number;
	concurrency: number;
	rounds: number;
	/** From activation until the large workflow's static data held the whole state, s; undefined when it never did in the wait. */
	stateSavedAfterS?: number;
	/** How long the script waited for that (BENCH_CATCHUP_STATE_WAIT_S), s. */
	stateWaitS: number;
	stored: Record<StateSize, StoredCatchUp>;
	batches: Array<BatchResult & { state: StateSize }>;
}

export interface DeliveryOptions {
	tarball: string;
	leads: number;
	deliveries: number;
	concurrency: number;
	rounds: number;
	quietWaitMs: number;
	/** How long after activation to wait for the whole state in static data before timing anyway. */
	stateWaitMs: number;
	log: (line: string) => void;
}

const WARMUP = 30;
/** While waiting for the state to be saved, one delivery every POLL_MS (each may save it), at most POLLS. */
const POLL_MS = 10_000;
const POLLS = 60;

/** What n8n holds as the trigger node's catch-up state, read through the public API. */
async function storedCatchUp(n8n: N8nInstance, workflowId: string): Promise<StoredCatchUp> {
	const raw = (await n8n.getWorkflow(workflowId)).staticData;
	const staticData = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, { catchUp?: { lists?: { leads?: { seen?: string; complete?: boolean } } } }>;
	const leads = Object.values(staticData).find((entry) => entry?.catchUp)?.catchUp?.lists?.leads;
	return {
		staticDataBytes: Buffer.byteLength(JSON.stringify(staticData)),
		tracked: leads?.seen ? Buffer.from(leads.seen, 'base64').length / 12 : 0,
		complete: leads?.complete === true,
	};
}

async function activateTrigger(n8n: N8nInstance, fake: FakeProcess, credential: { tenantId: string; token: string }, state: StateSize): Promise<Setup> {
	const created = await n8n.createCredential(`Aurora ${state} tenant (bench)`, 'auroraSolarApi', {
		environment: 'custom',
		baseUrl: fake.url,
		apiToken: credential.token,
		tenantId: credential.tenantId,
	});
	// A check interval of an hour: no second sweep pass runs during the batches (table 1 has the passes' cost).
	const workflow = await n8n.createWorkflow(triggerSetup(created.id, 1.2, { catchUp: true, checkIntervalMinutes: 60 }, `bench catch-up: ${state} state`));
	await n8n.activateWorkflow(workflow.id);
	const setup: Setup = { key: 'a', workflowId: workflow.id, delivery: await triggerDelivery(fake.admin, workflow.id) };
	await waitUntilAnswering(setup);
	return setup;
}

export async function measureDeliveryWithState(options: DeliveryOptions): Promise<DeliveryComparison> {
	const { log } = options;
	const fake = await startFakeProcess();
	const n8n = await startBenchN8n({ tarball: options.tarball }).catch(async (error: unknown) => {
		await fake.stop();
		throw error;
	});
	try {
		// Backdated: a lead created within ACTIVATION_MARGIN_MS before the activation is an event, not the baseline.
		const longAgo = new Date(Date.now() - 86_400_000).toISOString();
		await fake.admin.seedLeads(options.leads, undefined, longAgo);
		const perState = options.rounds * options.deliveries + WARMUP;
		const large = await activateTrigger(n8n, fake, { tenantId: fake.tenantId, token: fake.token }, 'large');
		const activatedAt = Date.now();
		const logged = await fake.admin.requests();
		const since = logged.length ? logged[logged.length - 1].index + 1 : 0;
		const empty = await activateTrigger(n8n, fake, { tenantId: OTHER_TENANT_ID, token: OTHER_TENANT_TOKEN }, 'empty');
		// The empty tenant gets its leads only after its baseline (set-up) and the sweep's first pass have
		// listed it empty, and no list request for a whole cron minute says no other pass is starting.
		// Seeded earlier, a pass would find them and catch them up during the batches.
		await waitFor(
			'the empty tenant listed, then quiet for a minute',
			async () => {
				const lists = (await fake.admin.requests(since)).filter((entry) => entry.path === `/tenants/${OTHER_TENANT_ID}/leads` && entry.status === 200);
				const last = lists.length >= 2 ? Date.parse(lists[lists.length - 1].at) : NaN;
				return Date.now() - last > 65_000 ? true : undefined;
			},
			180_000,
		);
		await fake.admin.seedLeads(perState, OTHER_TENANT_ID, longAgo);
		const largeIds = (await allLeadIds(fake)).slice(0, perState + POLLS);
		const emptyIds = await allLeadIds({ url: fake.url, tenantId: OTHER_TENANT_ID, token: OTHER_TENANT_TOKEN });
		if (largeIds.length < perState + POLLS || emptyIds.length < perState) throw new Error('not enough leads for the deliveries');
		const take = { large: largeIds.slice(0, perState), empty: emptyIds, polls: largeIds.slice(perState) };
		const setups: Record<StateSize, Setup> = { large, empty };
		const cursor: Record<StateSize, number> = { large: 0, empty: 0 };
		const next = (state: StateSize, count: number) => take[state].slice(cursor[state], (cursor[state] += count));

		for (const state of ['large', 'empty'] as StateSize[]) await runBatch(n8n, fake.admin, setups[state], next(state, WARMUP), 5, 0, options.quietWaitMs);
		// The baseline goes on in the sweep after set-up (30 list requests a minute), and a delivery saves
		// the sweep's state only 5 min after set-up (trigger/catch-up/checkpoint.ts): deliver one lead
		// every POLL_MS until the saved state holds every lead, or the wait is over. The table then says
		// how many leads static data really held while the batches ran.
		const whole = (entry: StoredCatchUp) => entry.complete && entry.tracked >= options.leads;
		let stored = await storedCatchUp(n8n, large.workflowId);
		for (let poll = 0; poll < POLLS && !whole(stored) && Date.now() + POLL_MS <= activatedAt + options.stateWaitMs; poll++) {
			await sleep(POLL_MS);
			await fireBurst([large.delivery(take.polls[poll])], 1);
			stored = await storedCatchUp(n8n, large.workflowId);
			log(`catch-up delivery: large workflow's static data holds ${stored.tracked} leads (${stored.complete ? 'complete' : 'baseline going on'}), ${stored.staticDataBytes} bytes`);
		}
		const stateSavedAfterS = whole(stored) ? Math.round((Date.now() - activatedAt) / 1000) : undefined;
		if (stored.tracked === 0) throw new Error(`the large workflow's static data holds no catch-up state (${JSON.stringify(stored)})`);

		const batches: DeliveryComparison['batches'] = [];
		for (let round = 1; round <= options.rounds; round++) {
			const order: StateSize[] = round % 2 === 1 ? ['large', 'empty'] : ['empty', 'large'];
			for (const state of order) {
				await sleep(1_000);
				const batch = await runBatch(n8n, fake.admin, setups[state], next(state, options.deliveries), options.concurrency, round, options.quietWaitMs);
				batches.push({ ...batch, state });
				log(`catch-up delivery round ${round} ${state}: ${batch.deliveriesPerSecond}/s p50 ${batch.p50Ms} ms p99 ${batch.p99Ms} ms, executions ${batch.executionsSucceeded} ok / ${batch.executionsFailed} failed`);
			}
		}
		return {
			leads: options.leads,
			deliveries: options.deliveries,
			concurrency: options.concurrency,
			rounds: options.rounds,
			stateSavedAfterS,
			stateWaitS: Math.round(options.stateWaitMs / 1000),
			stored: { large: await storedCatchUp(n8n, large.workflowId), empty: await storedCatchUp(n8n, empty.workflowId) },
			batches,
		};
	} finally {
		await n8n.dispose();
		await fake.stop();
	}
}
