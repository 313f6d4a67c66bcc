/** Renders docs/benchmarks.md from the raw results of one `npm run bench`. */
import { existsSync, readFileSync, writeFileSync } from 'fs';

import type { BackfillResult } from './backfill';
import type { BatchResult, BatchSummary } from './burst';
import { summarizeBatches } from './burst';
import type { CatchUpResults, ReferenceThroughput } from './catchup-report';
import { CATCH_UP_END, CATCH_UP_START, PUBLISHED_REFERENCE, catchUpTargetRows, existingSection, existingTargetRows, renderCatchUpSection } from './catchup-report';
import type { MachineInfo } from './machine';
import type { PackageResult } from './package';
import type { SetupProfile } from './profile';
import { SETUP_NAMES } from './setups';
import type { SetupKey } from './setups';
import { median, mib, round } from './stats';

export interface BenchResults {
	command: string;
	/** The phases this run measured (older raw results do not say). */
	phases?: string[];
	/** git HEAD when the run started (the package is built from the work tree). */
	commit?: string;
	variantError?: string;
	machine: MachineInfo;
	settings: {
		deliveries: number;
		concurrencies: number[];
		rounds: number;
		lazyRounds: number;
		n8nVersion: string;
		n8nEnv: Record<string, string>;
		lazyEnv: Record<string, string>;
	};
	burst: BatchResult[];
	lazyBurst: BatchResult[];
	variant: Array<BatchResult & { config: string }>;
	profiles: SetupProfile[];
	backfill: BackfillResult[];
	package?: PackageResult;
	catchUp?: CatchUpResults;
	startedAt: string;
	durationS: number;
	hwm: Record<string, number>;
}

interface Cell extends BatchSummary {
	rss: number;
	endToEnd: number;
}

function cells(batches: BatchResult[], setup: SetupKey, concurrency: number): Cell | undefined {
	const mine = batches.filter((batch) => batch.setup === setup && batch.concurrency === concurrency);
	if (mine.length === 0) return undefined;
	return {
		...summarizeBatches(mine),
		rss: Math.max(...mine.map((batch) => batch.peakRssBytes)),
		endToEnd: round(median(mine.map((batch) => (batch.deliveries / batch.endToEndMs) * 1000)), 2),
	};
}

const mark = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? '**met**' : '**missed**');

function burstTables(batches: BatchResult[], concurrencies: number[]): { table: string; ratios: string; ratioValues: Map<number, { ab: number; ac: number; p99: number }> } {
	const rows = ['| concurrency | setup | deliveries/s | p50 ms | p99 ms | executions completed | completed/s (end to end) | n8n peak RSS MiB |', '|---|---|---|---|---|---|---|---|'];
	const ratioRows = ['| concurrency | a/b throughput | a/c throughput | p99 a / p99 c | p99 a / p99 b |', '|---|---|---|---|---|'];
	const ratioValues = new Map<number, { ab: number; ac: number; p99: number }>();
	for (const concurrency of concurrencies) {
		const row: Partial<Record<SetupKey, Cell>> = {};
		for (const key of ['a', 'b', 'c'] as SetupKey[]) {
			const cell = cells(batches, key, concurrency);
			if (!cell) continue;
			row[key] = cell;
			rows.push(`| ${concurrency} | (${key}) ${SETUP_NAMES[key]} | ${cell.dps} | ${cell.p50} | ${cell.p99} | ${cell.completed} | ${cell.endToEnd} | ${mib(cell.rss)} |`);
		}
		if (row.a && row.b && row.c) {
			const ab = round(row.a.dps / row.b.dps, 2);
			const ac = round(row.a.dps / row.c.dps, 2);
			const p99 = round(row.a.p99 / row.c.p99, 2);
			ratioValues.set(concurrency, { ab, ac, p99 });
			ratioRows.push(`| ${concurrency} | ${ab} | ${ac} | ${p99} | ${round(row.a.p99 / row.b.p99, 2)} |`);
		}
	}
	return { table: rows.join('\n'), ratios: ratioRows.join('\n'), ratioValues };
}

function rawTable(batches: BatchResult[]): string {
	const rows = [
		'| round | c | setup | deliveries/s | p50 ms | p99 ms | max ms | HTTP statuses | executions ok / failed / unfinished | end to end ms | peak RSS MiB | lead fetches seen by the fake (mean server ms) | other n8n running (waited s) |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const batch of batches) {
		rows.push(
			`| ${batch.round} | ${batch.concurrency} | ${batch.setup} | ${batch.deliveriesPerSecond} | ${batch.p50Ms} | ${batch.p99Ms} | ${batch.maxMs} | ${JSON.stringify(batch.statuses).replace(/"/g, '')} | ` +
				`${batch.executionsSucceeded} / ${batch.executionsFailed} / ${batch.executionsUnfinished} | ${batch.endToEndMs} | ${mib(batch.peakRssBytes)} | ${batch.fakeFetches} (${batch.fakeMeanMs}) | ${batch.otherN8n ?? 'n/a'} (${batch.waitedS ?? 0}) |`,
		);
	}
	return rows.join('\n');
}

function profileTable(profiles: SetupProfile[]): string {
	const rows = [
		'| run | CPU ms per delivery | isolates taken per delivery | of which cold starts | expression runtime (isolated-vm) ms | under the package\'s frames ms | top owners of the rest (ms per delivery) |',
		'|---|---|---|---|---|---|---|',
	];
	for (const profile of profiles) {
		const owners = profile.byOwner.filter((entry) => entry.owner !== '@n8n/expression-runtime').slice(0, 5).map((entry) => `${entry.owner} ${entry.msPerDelivery}`).join(', ');
		rows.push(`| ${profile.setup} | ${profile.busyMsPerDelivery} | ${profile.isolatesPerDelivery} | ${profile.coldStartsPerDelivery} | ${profile.isolateMsPerDelivery} | ${profile.packageMsPerDelivery} | ${owners} |`);
	}
	return rows.join('\n');
}

function stacks(profiles: SetupProfile[]): string {
	const lines: string[] = [];
	for (const profile of profiles) {
		if (!/ a/.test(profile.setup) || profile.isolateStacks.length === 0) continue;
		lines.push(`- ${profile.setup}:`);
		for (const stack of profile.isolateStacks.slice(0, 3)) lines.push(`  - ${stack.msPerDelivery} ms/delivery: \`${stack.stack.join(' → ')}\``);
	}
	return lines.join('\n');
}

function backfillTable(results: BackfillResult[]): string {
	const rows = [
		'| scenario | page size | HTTP status | items returned (unique) | requests | pages answered 200 | 429s | other failures | target ⌈N/page⌉+1 | wall ms | minimum the limit allows ms |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of results) {
		rows.push(
			`| ${r.name} | ${r.pageSize} | ${r.status} | ${r.itemsReturned} (${r.uniqueIds}) | ${r.requests} | ${r.pagesOk} | ${r.responses429} | ${r.otherFailures} | ${r.targetRequests} | ${r.wallMs} | ${r.minimumMs} |`,
		);
	}
	return rows.join('\n');
}

function contaminated(results: BenchResults): string {
	const all = [...results.burst, ...results.lazyBurst, ...results.variant];
	const dirty = all.filter((batch) => (batch.otherN8n ?? 0) > 0).length;
	const waited = all.reduce((sum, batch) => sum + (batch.waitedS ?? 0), 0);
	return `${dirty} of ${all.length} timed batches (before each batch the script waits up to 5 min for other \`n8n start\` processes to end; it waited ${waited} s in all)`;
}

function profileOf(profiles: SetupProfile[], setup: string): SetupProfile | undefined {
	return profiles.find((profile) => profile.setup === setup);
}

type Ratios = Map<number, { ab: number; ac: number; p99: number }>;

/** One sentence per configuration: which burst targets it meets in this run. */
function fixSummary(columns: Ratios[], concurrencies: number[]): string {
	const names = ['n8n defaults', 'lazy isolates', 'n8n defaults with the node change', 'lazy isolates with the node change'];
	return columns
		.map((values, index) => {
			if (values.size === 0) return `- ${names[index]}: not measured in this run.`;
			const misses: string[] = [];
			for (const concurrency of [10, 50]) if ((values.get(concurrency)?.ab ?? 0) < 1.05) misses.push(`a/b at c=${concurrency}`);
			for (const concurrency of concurrencies) if ((values.get(concurrency)?.ac ?? 0) < 0.9) misses.push(`a/c at c=${concurrency}`);
			if ((values.get(50)?.p99 ?? Infinity) > 1.1) misses.push('p99 at c=50');
			return `- ${names[index]}: ${misses.length === 0 ? '**every burst target met**' : `misses ${misses.join(', ')}`}.`;
		})
		.join('\n');
}

/** Trigger (a) at concurrency 10 under n8n defaults in this run, else as published (catchup-report.ts). */
function referenceThroughput(results: BenchResults): ReferenceThroughput[] {
	const own: ReferenceThroughput[] = [];
	const a = cells(results.burst, 'a', 10);
	if (a) own.push({ label: 'trigger 1, this run', deliveriesPerSecond: a.dps, p99Ms: a.p99 });
	const changed = cells(results.variant.filter((batch) => batch.config === 'defaults'), 'a', 10);
	if (changed) own.push({ label: 'trigger 1.1 ("node change"), this run', deliveriesPerSecond: changed.dps, p99Ms: changed.p99 });
	return own.length > 0 ? own : PUBLISHED_REFERENCE;
}

/** What the report keeps of the catch-up section when this run did not measure it: the file's own. */
export interface KeptCatchUp {
	section?: string;
	targetRows: string[];
}

export function renderReport(results: BenchResults, kept: KeptCatchUp = { targetRows: [] }): string {
	const { machine, settings } = results;
	const defaults = burstTables(results.burst, settings.concurrencies);
	const lazy = burstTables(results.lazyBurst, settings.concurrencies);
	const at = (values: Map<number, { ab: number; ac: number; p99: number }>, concurrency: number) => values.get(concurrency);
	const variantDefaults = burstTables(results.variant.filter((batch) => batch.config === 'defaults'), settings.concurrencies);
	const variantLazy = burstTables(results.variant.filter((batch) => batch.config === 'lazy'), settings.concurrencies);
	const columns = [defaults.ratioValues, lazy.ratioValues, variantDefaults.ratioValues, variantLazy.ratioValues];
	const targetRows: string[] = [
		'| target | n8n defaults | lazy isolates | n8n defaults, with the node change | lazy isolates, with the node change |',
		'|---|---|---|---|---|',
	];
	const row = (label: string, pick: (values: { ab: number; ac: number; p99: number }) => number, ok: (value: number) => boolean, concurrency: number, suffix = '') =>
		`| ${label} | ${columns
			.map((values) => {
				const entry = at(values, concurrency);
				return entry ? `${pick(entry)}${suffix} ${mark(ok(pick(entry)))}` : 'n/a';
			})
			.join(' | ')} |`;
	for (const concurrency of [10, 50]) targetRows.push(row(`a/b ≥ 1.05 at c=${concurrency}`, (v) => v.ab, (v) => v >= 1.05, concurrency));
	for (const concurrency of settings.concurrencies) targetRows.push(row(`a/c ≥ 0.9 at c=${concurrency}`, (v) => v.ac, (v) => v >= 0.9, concurrency));
	targetRows.push(row('p99 a ≤ 1.1 × p99 c at c=50', (v) => v.p99, (v) => v <= 1.1, 50, '×'));
	const packageBackfills = results.backfill.filter((entry) => entry.kind === 'package');
	const backfillOk = packageBackfills.length > 0 && packageBackfills.every((entry) => entry.pagesOk <= entry.targetRequests && entry.otherFailures === 0 && entry.status === 200 && entry.uniqueIds === entry.leads);
	targetRows.push(
		`| backfill requests ≤ ⌈N/page⌉+1, zero failures, all ${packageBackfills[0]?.leads ?? 'N'} items | ${packageBackfills.map((entry) => `${entry.pagesOk} pages ≤ ${entry.targetRequests}, ${entry.itemsReturned} items`).join('; ')} ${mark(packageBackfills.length ? backfillOk : undefined)} | | | |`,
	);
	targetRows.push(...(results.catchUp ? catchUpTargetRows(results.catchUp) : kept.targetRows));
	targetRows.push('| 0 lost | see [reliability.md](reliability.md) | | | |');
	const catchUpSection = results.catchUp
		? renderCatchUpSection(results.catchUp, referenceThroughput(results))
		: (kept.section ?? `${CATCH_UP_START}\n## 4. Catch-up\n\nNot measured in this run (\`BENCH_PHASES=catchup npm run bench\`).\n${CATCH_UP_END}`);

	const pkg = results.package;
	const env = Object.entries(settings.n8nEnv).map(([name, value]) => `\`${name}=${value}\``).join(', ');
	return `# Benchmarks

Generated by \`${results.command}\` (\`tools/bench/bench.ts\`) on ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, in ${Math.round(results.durationS / 60)} min.
Every figure below comes from that run, except a section that names another run; the prose around the tables was written from it and from the CPU profiles it takes.
Re-running rewrites this file (raw results also go to \`.tmp/bench-results.json\`).

## Results against the targets

${targetRows.join('\n')}

"n8n defaults" is n8n 2.41.1 as installed (its isolated-vm expression engine takes an isolate from its pool for
every scope that may evaluate expressions, and rebuilds it afterwards). "Lazy isolates" is the same n8n with one
setting, \`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\`, which builds an isolate only when an expression is really
evaluated. The same setting applies to all three setups. What each figure means, and why the targets are missed
where they are, is in [Where the time goes](#where-the-time-goes).

## Machine and command

| | |
|---|---|
| command | \`${results.command}\` |
| package | built from the work tree at commit \`${results.commit ?? 'n/a'}\` |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memoryGiB} GiB |
| OS | ${machine.os}, kernel ${machine.kernel} |
| n8n | ${settings.n8nVersion} on Node ${machine.n8nNode} (harness runtime cache), SQLite, regular mode |
| load generator | Node ${machine.benchNode}, undici, same machine (loopback) |
| fake Aurora | \`devkit/fake-aurora/cli.ts\` in its own process, no rate limit during the burst |
| load average at start | ${machine.loadAtStart.join(', ')} |
| batches with another engineer's n8n running | ${contaminated(results)} |
| other n8n instances | ${machine.quiet ? `none running when the run started (waited ${machine.waitedForQuietS} s for a quiet machine)` : `**still running after waiting ${machine.waitedForQuietS} s**, so the run went ahead anyway: ${machine.otherN8nAtStart.length} other \`n8n start\` process(es). Absolute figures are lower than on a quiet machine; ratios come from interleaved batches and are affected less`} |

n8n settings, identical for every setup: ${env}. Everything else is n8n's default: executions saved on success
and on error (the executions-completed counts read them back through the public API), SQLite with its pooled
driver, no concurrency limit. The webhook answer is the same for all three setups: \`onReceived\` (200 as soon as
the execution has started).

## 1. Delivery burst

${settings.deliveries} deliveries per batch, each a distinct seeded lead (seeded without firing events). Per round,
each concurrency level in turn (${settings.concurrencies.join(', ')}), and at each level the three setups take turns
(a, b, c; the next round c, b, a), each against a warmed-up n8n. After each batch the script waits until n8n has
finished every execution of it.

- **(a)** ${SETUP_NAMES.a}: deliveries are real Aurora-style GETs. The workflow is activated, the subscription is
  read from the fake (\`/__admin/subscriptions\`), and each request is \`url_template\` with \`<LEAD_ID>\` filled in plus
  the \`X-Aurora-Webhook-Secret\` header. The lead is fetched **before** n8n answers, so a failed fetch can still be
  answered with 503 and Aurora redelivers.
- **(b)** ${SETUP_NAMES.b}: \`GET /webhook/<path>?lead_id=…\` with the secret header; the HTTP Request node fetches
  \`/tenants/<tenant>/leads/{{$json.query.lead_id}}\` with an \`httpBearerAuth\` credential. The fetch runs **after**
  n8n has answered, so a failed fetch is a failed execution, and Aurora never redelivers it.
- **(c)** ${SETUP_NAMES.c}: the floor.

deliveries/s = deliveries ÷ (first send → last response). completed/s = deliveries ÷ (first send → last execution
stopped, from n8n's \`stoppedAt\`). p50/p99 = response latency seen by the sender. Peak RSS = highest \`VmRSS\` of the
n8n main process sampled every 100 ms during the batch; n8n's own high-water mark (\`VmHWM\`) at the end of each run:
${Object.entries(results.hwm).map(([label, bytes]) => `${label} ${mib(bytes)} MiB`).join(', ')}.

### n8n defaults (medians of ${settings.rounds} round(s))

${defaults.table}

${defaults.ratios}

### Lazy isolates, \`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\` (median of ${settings.lazyRounds} round(s))

${lazy.table}

${lazy.ratios}

## Where the time goes

A diagnostic n8n per configuration (same settings, plus \`--inspect\` and \`N8N_METRICS=true\`; not used for the
figures above) sampled its CPU with the V8 profiler over 100 deliveries at concurrency 10, and read n8n's own
counters \`n8n_expression_pool_acquired\` and \`n8n_expression_pool_cold_start_sync\` before and after.

${profileTable(results.profiles)}

Call sites that took an isolate during (a), innermost frames last. Under eager acquire the isolate is rebuilt
afterwards, in the background (pool replenishment). So the time sampled below a call site understates its cost; the
counter column above is the exact count. Under lazy acquire the build happens synchronously below \`getBridge\`:

${stacks(results.profiles)}

**Findings.**

1. **The fetch is not the cost.** The fake answers a lead in well under a millisecond (the raw tables list the
   server time of every fetch). The package's own frames, with the n8n helpers they call synchronously, take
   ${profileOf(results.profiles, 'defaults a')?.packageMsPerDelivery ?? 'n/a'} ms per delivery under n8n defaults and
   ${profileOf(results.profiles, 'lazy a')?.packageMsPerDelivery ?? 'n/a'} ms with lazy isolates, out of
   ${profileOf(results.profiles, 'defaults a')?.busyMsPerDelivery ?? 'n/a'} and ${profileOf(results.profiles, 'lazy a')?.busyMsPerDelivery ?? 'n/a'}
   ms of CPU per delivery. The cost is what n8n 2.41.1 does around the fetch.
2. **n8n 2.41.1 builds a fresh isolated-vm isolate for every expression scope.** Its pool holds one isolate and
   disposes it after each use, so each scope costs a new isolate, with lodash and luxon loaded into it. That is
   several tens of milliseconds of CPU, far more than anything else in a delivery. The setups pay for a different
   number of scopes:
   - (c) bare Webhook: one per execution.
   - (b) Webhook + HTTP Request: one for the Webhook's header-auth \`getCredentials\`, and one for the execution.
   - (a) trigger: one for the webhook phase, which n8n opens for every start node that is not its own Webhook node.
     One for the trigger's credential read: outside an execution, n8n builds a throw-away Workflow, and so an
     isolate, to resolve credential expressions. One for the execution. Before commit 39aa6de the transport read
     the credential twice per request, once itself and once inside \`httpRequestWithAuthentication\`, and paid a
     fourth isolate. That commit came from this profile, and the run above includes it.
3. **With lazy isolates**, (c) and the trigger's credential reads cost nothing, because they evaluate no
   expression. (b) still pays one isolate for its URL expression. The trigger still pays one cold start per delivery:
   n8n's \`parseRequestBody\` evaluates \`{{$parameter["options"]["binaryData"]}}\` for **every start node whose
   \`typeVersion\` is 1**, a leftover from Webhook v1. Our trigger is version 1. The stack above shows it
   (\`executeWebhook → parseRequestBody → getSimpleParameterValue → … → getBridge\`).

### The node change that removes the package's share

Both parts are now in the package:

- \`AuroraSolarTrigger.node.ts\`: \`version: [1, 1.1], defaultVersion: 1.1\` (commit 21f5639). Version 1.1 changes no
  behaviour. It moves new workflows off \`typeVersion: 1\`, so n8n stops evaluating the Webhook-v1 expression on
  every delivery. Workflows saved with version 1 keep working and keep the (a) figures above; re-adding the node
  upgrades them.
- \`transport/request.ts\` (commit 39aa6de) hands the credential that \`resolveConnection()\` read to
  \`httpRequestWithAuthentication(type, options, { credentialsDecrypted })\`, so n8n skips its own \`getCredentials\`.
  n8n 2.41.1 and 1.123.81 both honour it. That saves one decryption, one database read and, on n8n 2.x, one
  isolate per Aurora request.

${results.variantError ? `**Not measured in this run:** ${results.variantError}.\n\n` : ''}Measured in the same run with the trigger at version 1.1 (\`tools/bench/variant.ts\`: the package as built; only the
workflow's \`typeVersion\` differs from (a) above): all three setups again in one n8n per configuration, one round
each, interleaved as above. (b) and (c) do not use the package, so only (a) changes.

n8n defaults, with the node change:

${variantDefaults.table}

${variantDefaults.ratios}

Lazy isolates, with the node change:

${variantLazy.table}

${variantLazy.ratios}

### What would fix the misses

${fixSummary(columns, settings.concurrencies)}

- Under n8n defaults (eager isolates), (a) takes three isolates per delivery, (b) two and (c) one. No node can
  remove either of the trigger's two extra ones. n8n opens the webhook-phase scope for any start node that is not
  its own Webhook node (\`webhookPhaseNeedsIsolate\`), and a credential read outside an execution always builds one.
  So a/b ≥ 1.05 and a/c ≥ 0.9 cannot hold with n8n 2.41.1's eager pool, whatever the node does. What fixes it is
  on n8n's side. \`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true\` is the setting to recommend to users who run high
  delivery rates: it helps every workflow, (c) most of all. Or n8n itself could reuse isolates across scopes, or
  let non-Webhook trigger nodes skip the webhook-phase isolate when their parameters are static.
- Under lazy isolates, the trigger's remaining gap to the floor is the Webhook-v1 cold start (fixed by the version
  bump) plus the fetch itself (a credential read and decryption, one HTTP round trip, a larger execution to save).
  Only the first is removable. The fetch is the product: it is what lets the trigger answer 503 and have Aurora
  redeliver, where (b) silently loses a lead whose fetch fails after n8n has answered.
- p99 at concurrency 50 follows throughput. All three setups queue 50 requests on one n8n event loop, so p99 ≈ 50
  ÷ throughput. A setup within 10% of the floor's throughput lands within 10% of its p99.

### Raw batches, n8n defaults

${rawTable(results.burst)}

### Raw batches, lazy isolates

${rawTable(results.lazyBurst)}

### Raw batches, n8n defaults with the node change

${rawTable(results.variant.filter((batch) => batch.config === 'defaults'))}

### Raw batches, lazy isolates with the node change

${rawTable(results.variant.filter((batch) => batch.config === 'lazy'))}

## 2. Backfill

Get Many (resource Lead, Return All, Simplify on) inside n8n: a Webhook node starts the workflow and answers with
every item (\`devkit/stack/workflows.ts\` \`actionWorkflow\`). The fake enforces **${'90'} requests per minute per
key** over a 60 s sliding window in real time, and holds exactly ${packageBackfills[0]?.leads ?? 10000} leads (fresh
fake state per scenario). Requests and 429s are counted from the fake's request log. The HTTP Request node
scenarios build the same thing by hand: its own pagination (\`page\` = \`$pageCount + 1\`, complete when a page holds
no leads, bearer credential), then Split Out on \`leads\`.

${backfillTable(results.backfill)}

**Minimum wall time the limit allows.** With a sliding window of W = 60 s and L = 90 accepted requests per
window, request k (counting from 1) cannot be accepted before t₀ + ⌊(k − 1) / L⌋ · W. So R page requests need at
least ⌊(R − 1) / 90⌋ × 60 s. For 41 pages (250 per page) the limit does not bind (0 s), and what is left is n8n
and the fake. For 101 pages (a server that caps pages at 100) it forces 60 s. The package's Get Many meets the limit
with Retry-After: it waits as asked and loses nothing. The 429s are part of "requests made", and only pages
answered 200 count against ⌈N/page size⌉ + 1. The hand-built HTTP Request pagination has no 429 handling. At
the 91st request it ends the pagination early and answers **200 with fewer items** (silent data loss), unless the
user knows to add a request interval, which makes it slower than the limit requires when nothing else uses the key.

## 3. Package

${
	pkg
		? `| | |
|---|---|
| tarball | ${pkg.tarballBytes} bytes (${round(pkg.tarballBytes / 1024, 1)} KiB), ${pkg.files} files, ${pkg.unpackedBytes} bytes unpacked |
| load time of the package's nodes | median ${pkg.loadMedianMs} ms (${pkg.loadMs.join(', ')} ms), ${pkg.nodeTypes} node types, lazy-loaded: ${pkg.lazyLoaded ? 'yes' : 'no'} |
| n8n start without / with the package | ${pkg.startWithoutMs.join(', ')} ms / ${pkg.startWithMs.join(', ')} ms |

Method: the tarball is installed the way n8n's community installer does (\`devkit/n8n/install-package.ts\`). Then
\`LazyPackageDirectoryLoader.loadAll()\` (what n8n 2.41.1 runs for every package in \`~/.n8n/nodes/node_modules\` at start),
\`ensureTypesLoaded()\` included, is timed in ${pkg.loadMs.length} fresh Node 24 processes, with n8n-core already
required. The package ships no \`dist/known/*.json\`, so n8n cannot lazy-load it and requires both nodes and the
credential at start. That costs the time above, within the noise of n8n's ~10 s start (start time with and without the
package, measured to the moment the REST API answers).`
			: 'Not measured in this run.'
}

${catchUpSection}
`;
}

/** Writes the whole report; a catch-up section this run did not measure is kept from the file as it was. */
export function writeReport(file: string, results: BenchResults): void {
	const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
	writeFileSync(file, renderReport(results, { section: existingSection(before), targetRows: existingTargetRows(before) }));
}
