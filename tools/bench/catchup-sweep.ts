/**
 * Table 1 of the catch-up bench: what one sweep pass over a tenant's leads costs the package. The
 * fake Aurora (own process) holds N leads; its list is read page by page over HTTP with the
 * package's PageCursor (so the request count is the node's, and each request's time is measured).
 * Then, in this process, the package's own work on those pages is timed with process.cpuUsage():
 * examinePage over every page against a SeenSet, the compaction that ends a pass, encodeState, and
 * readState of what static data would hold. ListReader itself is not used: it needs n8n's context.
 * A second pass follows after ~1% of the leads changed (PATCH through the admin API) and ~1% were
 * added, with the events lead_created alone and with lead_changed too (which hashes every lead).
 */
import { performance } from 'perf_hooks';

import type { IDataObject } from 'n8n-workflow';
import { request } from 'undici';

import type { AuroraEvent } from '../../nodes/AuroraSolar/events';
import { findEvent } from '../../nodes/AuroraSolar/events';
import type { ListWatch } from '../../nodes/AuroraSolar/trigger/catch-up/examine';
import { examinePage } from '../../nodes/AuroraSolar/trigger/catch-up/examine';
import { SeenSet, fingerprint } from '../../nodes/AuroraSolar/trigger/catch-up/seen-set';
import type { CatchUpState, ListState } from '../../nodes/AuroraSolar/trigger/catch-up/state';
import { encodeState, freshState, readState } from '../../nodes/AuroraSolar/trigger/catch-up/state';
import { PAGE_SIZE, PageCursor, identity } from '../../nodes/AuroraSolar/transport/page-cursor';
import type { FakeProcess } from './fake-process';
import { median, percentile, round } from './stats';
import type { BudgetTimeline } from './sweep-budget';
import { budgetTimeline } from './sweep-budget';

export interface SweepPassResult {
	pass: 'baseline' | 'second';
	listed: number;
	requests: number;
	candidatesNew: number;
	candidatesChanged: number;
	/** Package CPU (user + system) per step, median of the repetitions, ms. */
	cpuMs: { examine: number; compact: number; encode: number; read: number; total: number };
	/** The `catchUp` value as n8n stores it in static data (JSON), bytes. */
	stateBytes: number;
	tracked: number;
}

export interface SweepSizeResult {
	leads: number;
	events: string;
	passes: SweepPassResult[];
	/** Each list request against the fake, measured from send to parsed body. */
	http: { requests: number; medianMs: number; p95Ms: number; baselinePassMs: number };
	budget: BudgetTimeline;
}

const LEAD_CREATED = findEvent('lead_created') as AuroraEvent;
const LEAD_CHANGED = findEvent('lead_changed') as AuroraEvent;
export const SWEEP_REPETITIONS = 5;

interface ListRead {
	pages: IDataObject[][];
	ms: number[];
}

/** One pass over the fake's lead list, ended by the node's own paging rule. */
async function readList(fake: FakeProcess): Promise<ListRead> {
	const read: ListRead = { pages: [], ms: [] };
	const cursor = PageCursor.start(PAGE_SIZE);
	const seenThisPass = new Set<string>();
	for (;;) {
		const started = performance.now();
		const response = await request(`${fake.url}/tenants/${fake.tenantId}/leads?page=${cursor.page}&per_page=${cursor.perPage}`, {
			headers: { authorization: `Bearer ${fake.token}` },
		});
		const items = ((await response.body.json()) as { leads: IDataObject[] }).leads;
		read.ms.push(performance.now() - started);
		read.pages.push(items);
		const ids = items.map(identity);
		const fresh = ids.filter((id) => !seenThisPass.has(id)).length;
		for (const id of ids) seenThisPass.add(id);
		const step = cursor.advance(items, fresh, 'leads');
		if (step === 'end') return read;
		if (step !== 'next') throw new Error(`the fake's list could not be read: ${JSON.stringify(step)}`);
	}
}

function cpuMs(since: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1000;
}

/** One pass of the package's work over `pages`, ended as ListReader.finish() ends it; candidates are recorded as passOnDue records them. */
function timedPass(watch: ListWatch, state: CatchUpState, pages: IDataObject[][], pass: SweepPassResult['pass']): SweepPassResult {
	const list = state.lists.leads as ListState;
	let candidatesNew = 0;
	let candidatesChanged = 0;
	let started = process.cpuUsage();
	for (const items of pages) {
		for (const candidate of examinePage(watch, list, items).candidates) {
			if (candidate.event === LEAD_CHANGED) candidatesChanged++;
			else candidatesNew++;
			// What passOnDue does once the grace is over and the object is passed on.
			list.seen.set(fingerprint(candidate.id), candidate.content);
		}
	}
	const examine = cpuMs(started);
	started = process.cpuUsage();
	// What ListReader.finish() does at the end of a pass.
	list.complete = true;
	list.contentCompared = watch.changed !== undefined;
	list.seen.compact();
	const compact = cpuMs(started);
	started = process.cpuUsage();
	const encoded = encodeState(state);
	const encode = cpuMs(started);
	// n8n stores static data as JSON and parses it back when it loads the workflow: not the package's work.
	const json = JSON.stringify(encoded);
	const parsed = JSON.parse(JSON.stringify({ catchUp: encoded })) as IDataObject;
	started = process.cpuUsage();
	const restored = readState(parsed);
	const read = cpuMs(started);
	if (restored?.lists.leads?.seen.size !== list.seen.size) throw new Error('readState did not give back the state encodeState wrote');
	const listed = pages.reduce((sum, items) => sum + items.length, 0);
	return {
		pass,
		listed,
		requests: pages.length,
		candidatesNew,
		candidatesChanged,
		cpuMs: { examine, compact, encode, read, total: examine + compact + encode + read },
		stateBytes: Buffer.byteLength(json),
		tracked: list.seen.size,
	};
}

function medianPass(runs: SweepPassResult[]): SweepPassResult {
	const pick = (key: keyof SweepPassResult['cpuMs']) => round(median(runs.map((run) => run.cpuMs[key])), 1);
	return { ...runs[0], cpuMs: { examine: pick('examine'), compact: pick('compact'), encode: pick('encode'), read: pick('read'), total: pick('total') } };
}

/** Both passes for one event selection, repeated and reduced to medians. */
function measureSelection(first: ListRead, second: ListRead, activatedAt: number, changed: boolean): SweepPassResult[] {
	const baselines: SweepPassResult[] = [];
	const seconds: SweepPassResult[] = [];
	for (let repetition = 0; repetition < SWEEP_REPETITIONS; repetition++) {
		const state = freshState(activatedAt);
		state.lists.leads = { seen: SeenSet.empty(), contentCompared: false, complete: false };
		const watch: ListWatch = {
			list: LEAD_CREATED.catchUp!.list,
			created: LEAD_CREATED,
			changed: changed ? LEAD_CHANGED : undefined,
			activatedAt,
			// Nothing was delivered: every new or changed lead is a candidate.
			passedOn: () => undefined,
		};
		baselines.push(timedPass(watch, state, first.pages, 'baseline'));
		seconds.push(timedPass(watch, state, second.pages, 'second'));
	}
	return [medianPass(baselines), medianPass(seconds)];
}

export async function measureSweep(fake: FakeProcess, sizes: number[], log: (line: string) => void): Promise<SweepSizeResult[]> {
	const results: SweepSizeResult[] = [];
	for (const leads of sizes) {
		await fake.admin.reset();
		// Backdated: a lead created within ACTIVATION_MARGIN_MS before the activation is an event, not the baseline.
		await fake.admin.seedLeads(leads, undefined, new Date(Date.now() - 86_400_000).toISOString());
		const first = await readList(fake);
		const activatedAt = Date.now() + 1;
		const listed = first.pages.flat();
		// ~1% changed (a different bill), ~1% new (created now, after the activation).
		for (let index = 0; index < listed.length; index += 100) {
			await fake.admin.changeLead(String(listed[index].id), { monthly_average_bill: Number(listed[index].monthly_average_bill ?? 0) + 1 });
		}
		await fake.admin.seedLeads(Math.round(leads / 100));
		const second = await readList(fake);
		const ms = [...first.ms, ...second.ms];
		const http = {
			requests: ms.length,
			medianMs: round(median(ms), 1),
			p95Ms: round(percentile(ms, 95), 1),
			baselinePassMs: Math.round(first.ms.reduce((sum, value) => sum + value, 0)),
		};
		// Whole milliseconds: with fractions, float rounding alone would decide whether a slot freed in time.
		const budget = budgetTimeline(first.pages.length, Math.max(1, Math.round(median(ms))));
		// The first size also warms the JIT for both selections, untimed, so 1,000 leads are not measured cold.
		if (leads === sizes[0]) for (const changed of [false, true]) measureSelection(first, second, activatedAt, changed);
		for (const changed of [false, true]) {
			const passes = measureSelection(first, second, activatedAt, changed);
			results.push({ leads, events: changed ? 'lead_created + lead_changed' : 'lead_created', passes, http, budget });
			log(
				`sweep ${leads} leads (${changed ? 'created+changed' : 'created'}): ${passes.map((pass) => `${pass.pass} ${pass.requests} requests, ${pass.candidatesNew}+${pass.candidatesChanged} candidates, ${pass.cpuMs.total} ms CPU, ${pass.stateBytes} bytes`).join('; ')}; http median ${http.medianMs} ms`,
			);
		}
	}
	await fake.admin.reset();
	return results;
}
