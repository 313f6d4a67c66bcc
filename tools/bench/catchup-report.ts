/**
 * The "4. Catch-up" section of docs/benchmarks.md, between two markers, so that a catch-up-only run
 * (BENCH_PHASES=catchup) replaces that section and its rows of the targets table and nothing else,
 * and the full report (report.ts) emits the same markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';

import { summarizeBatches } from './burst';
import type { DeliveryComparison, StateSize } from './catchup-delivery';
import type { ModelSummary, Range } from './catchup-scenarios';
import type { SweepSizeResult } from './catchup-sweep';
import { SWEEP_REPETITIONS } from './catchup-sweep';
import { GRACE_MS } from '../../nodes/AuroraSolar/trigger/catch-up/plan';
import type { MachineInfo } from './machine';
import { BENCH_N8N_VERSION } from './n8n-setup';
import { round } from './stats';

export const CATCH_UP_START = '<!-- catch-up bench: start -->';
export const CATCH_UP_END = '<!-- catch-up bench: end -->';
/** Rows of the "Results against the targets" table that belong to this section start with it. */
const TARGET_ROW = '| catch-up: ';

export interface CatchUpResults {
	command: string;
	commit?: string;
	startedAt: string;
	durationS: number;
	machine?: MachineInfo;
	parts: string[];
	sweep: SweepSizeResult[];
	model?: ModelSummary;
	delivery?: DeliveryComparison;
	/** Why the delivery part has no figures, when it failed. */
	deliveryError?: string;
}

/** Trigger (a) at concurrency 10 under n8n defaults in §1, for "not below today's throughput". */
export interface ReferenceThroughput {
	label: string;
	deliveriesPerSecond: number;
	p99Ms: number;
}

/**
 * Trigger (a) at concurrency 10 under n8n defaults, as §1 of docs/benchmarks.md has them from the full
 * run of 2026-12-02 (whose raw results are gone): what a catchup-only run compares with.
 */
export const PUBLISHED_REFERENCE: ReferenceThroughput[] = [
	{ label: 'trigger 1, run of 2026-12-02', deliveriesPerSecond: 8.28, p99Ms: 1561 },
	{ label: 'trigger 1.1 ("node change"), same run', deliveriesPerSecond: 6.37, p99Ms: 2353 },
];

const mark = (ok: boolean) => (ok ? '**met**' : '**missed**');
const int = (value: number) => Math.round(value).toLocaleString('en-US');

function duration(ms: number): string {
	if (!Number.isFinite(ms)) return 'n/a';
	if (ms < 1_000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${round(ms / 1000, 1)} s`;
	const seconds = Math.round(ms / 1000);
	if (seconds < 3_600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
	const minutes = Math.round(seconds / 60);
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function span(value: Range, format: (v: number) => string = int): string {
	return value.min === value.max ? format(value.min) : `${format(value.min)}–${format(value.max)}`;
}

function sweepTables(sweep: SweepSizeResult[]): string {
	if (sweep.length === 0) return 'Not measured in this run.';
	const cost = [
		'| leads | events | pass | list requests | leads listed | candidates found (new + changed) | package CPU ms: examine + compact + encode + read = total | state in static data, bytes (per tracked lead) |',
		'|---|---|---|---|---|---|---|---|',
	];
	for (const size of sweep) {
		for (const pass of size.passes) {
			const c = pass.cpuMs;
			cost.push(
				`| ${int(size.leads)} | ${size.events} | ${pass.pass === 'baseline' ? 'baseline' : 'second (~1% changed, ~1% new)'} | ${pass.requests} | ${int(pass.listed)} | ${pass.candidatesNew} + ${pass.candidatesChanged} | ` +
					`${c.examine} + ${c.compact} + ${c.encode} + ${c.read} = **${c.total}** | ${int(pass.stateBytes)} (${round(pass.stateBytes / pass.tracked, 2)}) |`,
			);
		}
	}
	const time = [
		'| leads | list requests per pass | HTTP per page against the fake, median / p95 (measured) | HTTP time of the baseline pass (measured, sum) | first pass on a fresh budget (virtual clock): slots free in time / a tick early | after that, a pass starts every: in time / a tick early | most list requests in any hour |',
		'|---|---|---|---|---|---|---|',
	];
	for (const size of sweep.filter((entry, index, all) => all.findIndex((other) => other.leads === entry.leads) === index)) {
		const { http, budget } = size;
		time.push(
			`| ${int(size.leads)} | ${budget.requestsPerPass} | ${http.medianMs} / ${http.p95Ms} ms (${http.requests} requests) | ${duration(http.baselinePassMs)} | ` +
				`${duration(budget.firstPassMs)} / ${duration(budget.late.firstPassMs)} | ${duration(budget.steadyEveryMs)} / ${duration(budget.late.steadyEveryMs)} | ${Math.max(budget.busiestHour, budget.late.busiestHour)} |`,
		);
	}
	return `${cost.join('\n')}\n\n${time.join('\n')}`;
}

function modelTables(model: ModelSummary | undefined): string {
	if (!model) return 'Not run in this run.';
	const { settings } = model;
	const capacity = ['| another tool on the key | largest burst with no lead lost, without the catch-up | with the catch-up |', '|---|---|---|'];
	for (const entry of model.capacity) capacity.push(`| ${entry.otherPerMinute} requests/min | ${int(entry.leads)} leads | no limit: every lead is in the list (0 lost at every size below) |`);
	const rows = [
		'| burst | another tool on the key | without catch-up: by webhook / **lost** | with catch-up: by webhook | caught up | **lost** | twice (webhook and catch-up) | time until the last lead arrived | list requests answered 429 |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const row of model.rows) {
		rows.push(
			`| ${int(row.leads)} | ${row.otherPerMinute}/min | ${int(row.without.byWebhook)} / **${int(row.without.lost)}** | ${span(row.byWebhook)} | ${span(row.caughtUp)} | **${span(row.lost)}** | ${span(row.duplicates)} | ${span(row.lastArrivalMs, duration)} | ${span(row.list429)} |`,
		);
	}
	return `${capacity.join('\n')}\n\n${rows.join('\n')}\n\nWith the catch-up, each figure is the range over ${settings.positionsMs.length} positions of the burst in the
${duration(settings.positionsMs.length * (settings.positionsMs[1] ?? 0))} check interval (the last pass started 0 s, 30 s, … before the burst). The tenant held
${int(settings.existing)} leads before the burst; a list request takes ${settings.pageMs} ms (table 1's median at 10,000 leads, or the default);
n8n finishes ${settings.passOnsPerSecond} caught-up executions a second, 4 at a time.`;
}


function deliveryRatio(delivery: DeliveryComparison): number {
	const of = (state: StateSize) => summarizeBatches(delivery.batches.filter((batch) => batch.state === state)).dps;
	return round(of('large') / of('empty'), 3);
}

function deliveryTables(delivery: DeliveryComparison | undefined, reference: ReferenceThroughput[]): string {
	if (!delivery) return 'Not measured in this run.';
	const rows = ['| catch-up state | stored in static data | deliveries/s (median) | p50 ms | p99 ms | executions completed |', '|---|---|---|---|---|---|'];
	for (const state of ['large', 'empty'] as StateSize[]) {
		const cell = summarizeBatches(delivery.batches.filter((batch) => batch.state === state));
		const stored = delivery.stored[state];
		rows.push(`| ${state} | ${int(stored.tracked)} leads, ${int(stored.staticDataBytes)} bytes of static data | ${cell.dps} | ${cell.p50} | ${cell.p99} | ${cell.completed} |`);
	}
	const ratio = deliveryRatio(delivery);
	const raw = ['| round | state | deliveries/s | p50 ms | p99 ms | HTTP statuses | executions ok / failed / unfinished | lead fetches seen by the fake |', '|---|---|---|---|---|---|---|---|'];
	for (const batch of delivery.batches) {
		raw.push(
			`| ${batch.round} | ${batch.state} | ${batch.deliveriesPerSecond} | ${batch.p50Ms} | ${batch.p99Ms} | ${JSON.stringify(batch.statuses).replace(/"/g, '')} | ${batch.executionsSucceeded} / ${batch.executionsFailed} / ${batch.executionsUnfinished} | ${batch.fakeFetches} |`,
		);
	}
	const large = summarizeBatches(delivery.batches.filter((batch) => batch.state === 'large'));
	const rounds = [...new Set(delivery.batches.map((batch) => batch.round))].map((number) => {
		const of = (state: StateSize) => delivery.batches.find((batch) => batch.round === number && batch.state === state)?.deliveriesPerSecond ?? NaN;
		return `round ${number} ${round(of('large') / of('empty'), 2)}`;
	});
	const order = delivery.batches.map((batch) => `${batch.state} ${batch.deliveriesPerSecond}`).join(' → ');
	const compare = reference.map((entry) => `${entry.label}: ${entry.deliveriesPerSecond}/s, p99 ${entry.p99Ms} ms (large state: ${round(large.dps / entry.deliveriesPerSecond, 2)}× that)`).join('; ');
	return `${rows.join('\n')}

**large / empty throughput: ${ratio}** (target ≥ 0.95: ${mark(ratio >= 0.95)}); per round: ${rounds.join(', ')}. In the order
the batches ran: ${order} deliveries/s. Against trigger (a) at concurrency 10 under n8n defaults in §1 (${compare || 'not available'}).

${raw.join('\n')}`;
}

function stateWait(delivery: DeliveryComparison): string {
	if (delivery.stateSavedAfterS !== undefined) {
		return `Static data held all ${int(delivery.leads)} leads ${delivery.stateSavedAfterS} s after activation, and only then did the batches start.`;
	}
	if (delivery.stateWaitS === 0) return 'The batches started without waiting for that save (BENCH_CATCHUP_STATE_WAIT_S=0).';
	return `The script delivered one lead every 10 s for up to ${delivery.stateWaitS} s after activation waiting for that save, **which did not come**; the batches ran with what static data held.`;
}

export function renderCatchUpSection(results: CatchUpResults, reference: ReferenceThroughput[]): string {
	const { machine, delivery } = results;
	return `${CATCH_UP_START}
## 4. Catch-up

Generated by \`${results.command}\` on ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, in ${Math.max(1, Math.round(results.durationS / 60))} min, package from the
work tree at commit \`${results.commit ?? 'n/a'}\`${machine ? `, on ${machine.cpu} (${machine.cores} cores), bench process Node ${machine.benchNode}, load average at start ${machine.loadAtStart.join(', ')}` : ''}.
${/BENCH_PHASES=catchup /.test(results.command) ? 'This section comes from that run alone, not from the run that produced §1–3.' : ''}
Parts in this run: ${results.parts.join(', ')}.

### 4.1 Cost of a sweep pass (measured, plus the rate budget on a virtual clock)

The fake Aurora (its own process, no rate limit) holds N leads. Its list is read over HTTP page by page
(250 a page) with the package's \`PageCursor\`, so "list requests" is what the node sends, and each request is
timed from send to parsed body. Then, in the bench process, \`process.cpuUsage()\` times only the package's own
work on those pages: \`examinePage\` (\`trigger/catch-up/examine.ts\`) over every page against a \`SeenSet\`, the
compaction that ends a pass (what \`ListReader.finish()\` does), \`encodeState\`, and \`readState\` of what n8n would
hold (n8n's own JSON stringify and parse are not included). \`ListReader\` itself needs n8n's trigger context and is
not used. Nothing was delivered, so every new or changed lead is a candidate, recorded as \`passOnDue\` records
it. The second pass comes after ~1% of the leads changed (PATCH) and ~1% were added. With \`lead_created\` alone
the content is not compared; with \`lead_changed\` too, every listed lead is hashed. Median of ${SWEEP_REPETITIONS} repetitions.

${sweepTables(results.sweep)}

"First pass" and "a pass starts every" drive the package's \`RateBudget\` (30 list requests in any 60 s, 540 in any
hour) on a virtual clock, the way \`engine.ts\` drives it: a tick every minute reads pages until \`take()\` says no,
each request costing the measured median HTTP time, and a new pass starts at the first tick one check interval
(15 min, the default) after the previous one started. Nothing really waits. Two bounds: the tick a minute later
finds the slots its predecessor used free just in time, or a moment too early, so that it reads nothing and the
tick after it reads a whole budget; in the real n8n of 4.3 the second happened (a 41-page baseline: pages 1–30 at
one tick, 31–41 two minutes later). Set-up reads up to 10 s of the baseline during activation and is not modelled
separately.

### 4.2 A burst of leads at 90 requests a minute (model)

**This is a model, not a measurement** (\`tools/bench/catchup-model.ts\`, on virtual time). N leads are
created at once. Aurora allows 90 accepted requests per API key in any sliding 60 s (refused requests do not
count, Retry-After is the time until a slot frees, as in the fake). Each delivery attempt costs one Retrieve
Lead request; on 429 the trigger's transport retries only when Retry-After fits in its 4.5 s retrieval deadline,
else it answers 503. Aurora's ladder is the fake's: retries 30 s, 5 min, 30 min, 3 h and 20 h after the
previous attempt (6 attempts in 23 h 36 min; read as times after the event instead, every gap but the first is
still over a minute and the figures without the catch-up are the same), and every lead's attempt of a wave arrives
at the same instant.
n8n's own time to answer a delivery is not modelled. Without the catch-up a lead is lost when all 6 attempts
meet a 429. With it, the sweep is the package's own: the trigger node's \`trigger()\` (its schedule, the catch-up
engine, reader, transport and rate budget) runs unchanged on virtual time (\`tools/bench/virtual-time.ts\`: \`Date.now\`
and timers are the clock's), against a model of n8n (a cron tick every minute; a caught-up execution ends
\`passOnMs\` after its emit) and of Aurora's list endpoint (grace ${GRACE_MS / 60_000} min and 4 caught-up executions at a time
are the engine's own). A caught-up lead's later delivery is answered without a request, as the trigger does.
"Another tool on the key" sends its requests evenly spread.

${modelTables(results.model)}

"Twice" counts leads that reached the workflow both by a delivery and by the catch-up, in the model. The engine asks
again before each group of 4 whether a delivery passed a lead on meanwhile, so a retry wave that lands while a long
backlog is being passed on is not run again (an earlier model re-told the engine without that question and counted up
to 90). The times until the last lead arrived are up to a minute later than that model's: the real schedule starts its
first pass 5 s after the trigger starts and ticks on its own second of the minute, not at the start.

Cross-check, fault suite at short scale (\`test/faults/catch-up.faults.test.ts\`, real n8n, ladder time-scaled):
150 leads at once, 49 delivered by webhook, the rest caught up, 0 lost.

### 4.3 Delivery throughput with a large catch-up state (measured, real n8n)

${
	delivery
		? `One n8n ${BENCH_N8N_VERSION} with the packed package and the bench's n8n settings (n8n defaults). Two trigger workflows, version 1.2,
catch-up on, event \`lead_created\`, Retrieve Details on, check interval 60 min (no second pass during the batches;
4.1 has a pass's cost): "large" on a tenant holding ${int(delivery.leads)} leads when activated, "empty" on a tenant holding
none (the leads its deliveries name were added after its baseline and first pass). Set-up reads 30 pages of the
baseline within the budget (7,500 leads), which n8n saves with the activation; the sweep reads the rest in
memory, and a delivery on the leader's process saves it 2 min after set-up at the earliest, then at most every 2 min
(\`checkpoint.ts\`). ${stateWait(delivery)}
What n8n's public API showed in the large workflow's static data while the batches ran is in the table. Then ${delivery.rounds} round(s) of ${delivery.deliveries} deliveries at concurrency ${delivery.concurrency}, large and empty
alternating (large first in odd rounds), each delivery signed like Aurora's (the subscription's \`url_template\`
and secret header), after 30 warm-up deliveries each.

${deliveryTables(delivery, reference)}`
		: `Not measured in this run${results.deliveryError ? `: ${results.deliveryError}` : ''}.`
}
${CATCH_UP_END}`;
}

/** The targets-table rows of this section (each starts with TARGET_ROW). */
export function catchUpTargetRows(results: CatchUpResults): string[] {
	const rows: string[] = [];
	const largest = [...results.sweep].sort((a, b) => b.leads - a.leads)[0];
	const state = largest?.passes[0];
	if (state) {
		const perLead = round(state.stateBytes / state.tracked, 2);
		rows.push(`${TARGET_ROW}state ≈ 16 bytes per tracked lead | ${perLead} bytes at ${int(state.tracked)} leads ${mark(perLead <= 16.5)} | | | |`);
	}
	if (results.model) {
		const lost = Math.max(...results.model.rows.map((row) => row.lost.max));
		rows.push(`${TARGET_ROW}0 lost in a burst over the rate limit (model, §4.2) | ${lost} lost at ${results.model.settings.bursts.map(int).join(', ')} leads ${mark(lost === 0)} | | | |`);
	}
	if (results.delivery) {
		const ratio = deliveryRatio(results.delivery);
		const held = results.delivery.stored.large.tracked;
		rows.push(`${TARGET_ROW}throughput with a large state (${int(held)} leads in static data) ≥ 0.95 × empty state | ${ratio} ${mark(ratio >= 0.95)} | | | |`);
	}
	return rows;
}

/** The section as the file holds it now, or undefined. */
export function existingSection(markdown: string): string | undefined {
	const start = markdown.indexOf(CATCH_UP_START);
	const end = markdown.indexOf(CATCH_UP_END);
	return start >= 0 && end > start ? markdown.slice(start, end + CATCH_UP_END.length) : undefined;
}

export function existingTargetRows(markdown: string): string[] {
	return markdown.split('\n').filter((line) => line.startsWith(TARGET_ROW));
}

/** Replaces the section (or adds it after "## 3. Package"), and this section's rows of the targets table. */
export function spliceCatchUp(markdown: string, section: string, targetRows: string[]): string {
	let out = markdown;
	const old = existingSection(out);
	if (old) out = out.replace(old, () => section);
	else {
		const packageAt = out.indexOf('\n## 3. Package');
		const nextHeading = packageAt >= 0 ? out.indexOf('\n## ', packageAt + 1) : -1;
		out = nextHeading >= 0 ? `${out.slice(0, nextHeading)}\n\n${section}\n${out.slice(nextHeading)}` : `${out.replace(/\n*$/, '')}\n\n${section}\n`;
	}
	return withTargetRows(out, targetRows);
}

/** This section's rows go right before the "0 lost" row of the targets table; rows of an earlier run go. */
export function withTargetRows(markdown: string, targetRows: string[]): string {
	const lines = markdown.split('\n').filter((line) => !line.startsWith(TARGET_ROW));
	const anchor = lines.findIndex((line) => line.startsWith('| 0 lost |'));
	if (anchor < 0 || targetRows.length === 0) return lines.join('\n');
	lines.splice(anchor, 0, ...targetRows);
	return lines.join('\n');
}

/** A catchup-only run: its section (and its rows of the targets table) into the existing report, nothing else. */
export function writeCatchUpSection(file: string, results: CatchUpResults): void {
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	writeFileSync(file, spliceCatchUp(existing, renderCatchUpSection(results, PUBLISHED_REFERENCE), catchUpTargetRows(results)));
}
