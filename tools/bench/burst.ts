/**
 * Phase 1: the delivery burst. Each round runs every concurrency level, and at each level the three
 * setups take turns (order reversed every other round), each getting `deliveries` distinct leads.
 */
import type { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { sleep } from '../../devkit/http';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { lastExecutionId, waitForCompletion } from './executions';
import { otherN8nProcesses, waitForQuietMachine } from './machine';
import { fireBurst } from './load';
import { readMemory, sampleRss } from './rss';
import type { Setup, SetupKey } from './setups';
import { median, percentile, round } from './stats';

export interface BatchResult {
	round: number;
	setup: SetupKey;
	concurrency: number;
	deliveries: number;
	wallMs: number;
	deliveriesPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	statuses: Record<string, number>;
	executionsSucceeded: number;
	executionsFailed: number;
	executionsUnfinished: number;
	/** From the first send until n8n's last execution of the batch stopped. */
	endToEndMs: number;
	peakRssBytes: number;
	/** GET /leads/{id} requests the fake received during the batch, and their mean server time. */
	fakeFetches: number;
	fakeMeanMs: number;
	/** Other `n8n start` processes seen right before or right after the batch (0 = a quiet machine). */
	otherN8n: number;
	/** Seconds spent waiting for other n8n instances to go away before this batch. */
	waitedS: number;
}

/** What a table shows of several batches of one setup: medians of speed and latency, executions completed of sent. */
export interface BatchSummary {
	dps: number;
	p50: number;
	p99: number;
	completed: string;
}

export function summarizeBatches(batches: BatchResult[]): BatchSummary {
	const completed = batches.reduce((sum, batch) => sum + batch.executionsSucceeded, 0);
	const failed = batches.reduce((sum, batch) => sum + batch.executionsFailed, 0);
	const sent = batches.reduce((sum, batch) => sum + batch.deliveries, 0);
	return {
		dps: round(median(batches.map((batch) => batch.deliveriesPerSecond)), 2),
		p50: round(median(batches.map((batch) => batch.p50Ms)), 0),
		p99: round(median(batches.map((batch) => batch.p99Ms)), 0),
		completed: `${completed}/${sent}${failed ? ` (${failed} failed)` : ''}`,
	};
}

export interface BurstOptions {
	rounds: number;
	concurrencies: number[];
	deliveries: number;
	warmup: number;
	log: (line: string) => void;
}

async function fakeRequestIndex(admin: FakeAuroraClient): Promise<number> {
	const entries = await admin.requests();
	return entries.length === 0 ? 0 : entries[entries.length - 1].index + 1;
}

export async function runBatch(
	n8n: N8nInstance,
	admin: FakeAuroraClient,
	setup: Setup,
	leadIds: string[],
	concurrency: number,
	roundNumber: number,
	quietWaitMs = 5 * 60_000,
): Promise<BatchResult> {
	const pid = n8n.process('main')?.pid ?? 0;
	// Other engineers' n8n instances share this machine: wait (bounded) until none runs.
	const quiet = await waitForQuietMachine(quietWaitMs, (line) => process.stderr.write(`[bench] ${line}\n`), [pid]);
	const othersBefore = quiet.others.length;
	const afterId = await lastExecutionId(n8n);
	const since = await fakeRequestIndex(admin);
	const sampler = sampleRss(pid);
	const burst = await fireBurst(leadIds.map((id) => setup.delivery(id)), concurrency);
	const completion = await waitForCompletion(n8n, setup.workflowId, afterId, leadIds.length);
	const peakRssBytes = sampler.stop();
	const fetches = (await admin.requests(since)).filter((entry) => /\/leads\/[^/]+$/.test(entry.path));
	const succeeded = completion.finished.filter((execution) => execution.status === 'success').length;
	const othersAfter = otherN8nProcesses([pid]).length;
	return {
		round: roundNumber,
		setup: setup.key,
		concurrency,
		deliveries: leadIds.length,
		wallMs: round1(burst.wallMs),
		deliveriesPerSecond: round((leadIds.length / burst.wallMs) * 1000, 2),
		p50Ms: round1(percentile(burst.latenciesMs, 50)),
		p99Ms: round1(percentile(burst.latenciesMs, 99)),
		maxMs: round1(Math.max(...burst.latenciesMs)),
		statuses: burst.statuses,
		executionsSucceeded: succeeded,
		executionsFailed: completion.finished.length - succeeded,
		executionsUnfinished: completion.unfinished,
		endToEndMs: completion.lastStoppedAt ? Math.max(0, completion.lastStoppedAt - burst.startedAt) : NaN,
		peakRssBytes,
		fakeFetches: fetches.length,
		fakeMeanMs: fetches.length ? round(fetches.reduce((sum, entry) => sum + entry.durationMs, 0) / fetches.length, 2) : 0,
		otherN8n: Math.max(othersBefore, othersAfter),
		waitedS: quiet.waitedS,
	};
}

function round1(value: number): number {
	return round(value, 1);
}

export async function runBurst(
	n8n: N8nInstance,
	admin: FakeAuroraClient,
	setups: Record<SetupKey, Setup>,
	leadIds: string[],
	options: BurstOptions,
): Promise<{ batches: BatchResult[]; hwmBytes: number }> {
	let cursor = 0;
	const take = (count: number) => {
		if (cursor + count > leadIds.length) throw new Error(`not enough seeded leads (${leadIds.length})`);
		const slice = leadIds.slice(cursor, cursor + count);
		cursor += count;
		return slice;
	};
	// Warm-up: JIT, caches and connection pools, for every setup, not counted.
	for (const key of ['a', 'b', 'c'] as SetupKey[]) {
		const warm = await runBatch(n8n, admin, setups[key], take(options.warmup), 5, 0);
		options.log(`warm-up ${key}: ${warm.deliveriesPerSecond}/s, statuses ${JSON.stringify(warm.statuses)}`);
	}
	const batches: BatchResult[] = [];
	for (let r = 1; r <= options.rounds; r++) {
		for (const concurrency of options.concurrencies) {
			const order: SetupKey[] = r % 2 === 1 ? ['a', 'b', 'c'] : ['c', 'b', 'a'];
			for (const key of order) {
				await sleep(1_000);
				const batch = await runBatch(n8n, admin, setups[key], take(options.deliveries), concurrency, r);
				batches.push(batch);
				options.log(
					`round ${r} c=${concurrency} ${key}: ${batch.deliveriesPerSecond}/s p50 ${batch.p50Ms} ms p99 ${batch.p99Ms} ms, ` +
						`executions ${batch.executionsSucceeded} ok / ${batch.executionsFailed} failed, statuses ${JSON.stringify(batch.statuses)}, ` +
						`rss ${Math.round(batch.peakRssBytes / 2 ** 20)} MiB`,
				);
			}
		}
	}
	const pid = n8n.process('main')?.pid ?? 0;
	return { batches, hwmBytes: readMemory(pid)?.hwm ?? NaN };
}
