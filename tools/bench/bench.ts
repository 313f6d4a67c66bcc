/**
 * `npm run bench`: the benchmarks of the issue, against the real n8n 2.41.1 with the packed package.
 * Writes docs/benchmarks.md (and the raw results as JSON next to the pack, .tmp/bench-results.json).
 *
 * Environment (all optional):
 *   BENCH_DELIVERIES=500  BENCH_CONCURRENCY=1,10,50  BENCH_ROUNDS=2  BENCH_LAZY_ROUNDS=1
 *   BENCH_PHASES=burst,lazy,variant,profile,backfill,package,catchup   BENCH_WAIT_QUIET_MIN=20
 *   BENCH_BACKFILL_LEADS=10000  BENCH_OUT=docs/benchmarks.md
 * The catchup phase (catchup.ts):
 *   BENCH_CATCHUP_PARTS=sweep,model,delivery  BENCH_SWEEP_LEADS=1000,10000,100000
 *   BENCH_MODEL_BURSTS=300,1000,5000,10000  BENCH_MODEL_OTHER=0,30  BENCH_MODEL_EXISTING=1000  BENCH_MODEL_PASSONS_PER_S=8
 *   BENCH_CATCHUP_LEADS=10000  BENCH_CATCHUP_DELIVERIES=500  BENCH_CATCHUP_CONCURRENCY=10  BENCH_CATCHUP_ROUNDS=2
 *   BENCH_CATCHUP_STATE_WAIT_S=420 (how long after activation to wait for the whole state in static data)
 * A run of the catchup phase alone replaces only the "4. Catch-up" section of BENCH_OUT (and its rows of
 * the targets table), and keeps its raw results in .tmp/bench-catchup.json instead of bench-results.json.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';

import { packProject } from '../../devkit/n8n/install-package';
import { ensureRuntime, node24Bin } from '../../devkit/n8n/runtime-cache';
import { runBackfill, SCENARIOS } from './backfill';
import type { BatchResult } from './burst';
import { runBurst } from './burst';
import { CATCH_UP_PARTS, runCatchUp } from './catchup';
import type { CatchUpResults } from './catchup-report';
import { writeCatchUpSection } from './catchup-report';
import { startFakeProcess } from './fake-process';
import { describeMachine, waitForQuietMachine } from './machine';
import { BENCH_N8N_ENV, BENCH_N8N_VERSION, createBenchCredentials, startBenchN8n } from './n8n-setup';
import { measurePackage } from './package';
import { profileConfiguration } from './profile';
import type { BenchResults } from './report';
import { writeReport } from './report';
import type { SetupKey } from './setups';
import { allLeadIds, createSetups } from './setups';
import { buildVariantTarball, VARIANT_TRIGGER_VERSION } from './variant';

const root = path.join(__dirname, '..', '..');
const LAZY_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };
const ALL_PHASES = 'burst,lazy,variant,profile,backfill,package,catchup';
/** Phases that start a real n8n (catchup does only in its delivery part). */
const N8N_PHASES = ['burst', 'lazy', 'variant', 'profile', 'backfill', 'package'];

function numberList(raw: string | undefined, fallback: number[]): number[] {
	return raw ? raw.split(',').map((value) => Number(value.trim())) : fallback;
}

/** Raw results so far, so a run that fails late still leaves its figures behind. */
function saveRaw(results: BenchResults | CatchUpResults, file = 'bench-results.json'): void {
	mkdirSync(path.join(root, '.tmp'), { recursive: true });
	writeFileSync(path.join(root, '.tmp', file), JSON.stringify(results, null, 2));
}

function log(line: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
	const started = Date.now();
	const deliveries = Number(process.env.BENCH_DELIVERIES ?? 500);
	const concurrencies = numberList(process.env.BENCH_CONCURRENCY, [1, 10, 50]);
	const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
	const lazyRounds = Number(process.env.BENCH_LAZY_ROUNDS ?? 1);
	const phases = new Set((process.env.BENCH_PHASES ?? ALL_PHASES).split(','));
	const backfillLeads = Number(process.env.BENCH_BACKFILL_LEADS ?? 10_000);
	const out = path.resolve(root, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
	const catchUpParts = new Set((process.env.BENCH_CATCHUP_PARTS ?? CATCH_UP_PARTS.join(',')).split(','));
	const catchUpOnly = [...phases].every((phase) => phase === 'catchup');
	const needsN8n = N8N_PHASES.some((phase) => phases.has(phase)) || (phases.has('catchup') && catchUpParts.has('delivery'));

	const quiet = await waitForQuietMachine(Number(process.env.BENCH_WAIT_QUIET_MIN ?? 20) * 60_000, log);
	if (needsN8n) await ensureRuntime([BENCH_N8N_VERSION], log);
	const n8nNode = needsN8n ? execFileSync(node24Bin(), ['--version'], { encoding: 'utf8' }).trim() : 'n/a';
	const results: BenchResults = {
		command: `npm run bench${process.env.BENCH_PHASES ? ` (BENCH_PHASES=${process.env.BENCH_PHASES})` : ''}`,
		phases: [...phases],
		commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
		machine: describeMachine(n8nNode, quiet),
		settings: { deliveries, concurrencies, rounds, lazyRounds, n8nVersion: BENCH_N8N_VERSION, n8nEnv: BENCH_N8N_ENV, lazyEnv: LAZY_ENV },
		burst: [],
		lazyBurst: [],
		variant: [],
		profiles: [],
		backfill: [],
		startedAt: new Date(started).toISOString(),
		durationS: 0,
		hwm: {},
	};

	let tarball = '';
	if (needsN8n) {
		log('building and packing the package');
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
		tarball = await packProject(root, path.join(root, '.tmp', 'bench-pack'));
	}

	const burstPhases = ['burst', 'lazy', 'variant', 'profile'].filter((phase) => phases.has(phase));
	// Only the burst phases use this fake (the others start their own).
	const fake = burstPhases.length > 0 ? await startFakeProcess() : undefined;
	if (fake) {
		try {
			let leadIds: string[] = [];
			if (burstPhases.length > 0) {
				const perRun = deliveries * 3 * concurrencies.length;
				const needed = perRun * ((phases.has('burst') ? rounds : 0) + (phases.has('lazy') ? lazyRounds : 0) + (phases.has('variant') ? 2 : 0)) + 3000;
				await fake.admin.seedLeads(needed);
				leadIds = await allLeadIds(fake);
				log(`seeded ${leadIds.length} leads`);
			}
			let cursor = 0;
			const take = (count: number) => leadIds.slice(cursor, (cursor += count));

			const burstRun = async (label: string, env: Record<string, string>, roundCount: number, pack = tarball, triggerVersion = 1): Promise<BatchResult[]> => {
				const n8n = await startBenchN8n({ tarball: pack, env });
				try {
					const credentials = await createBenchCredentials(n8n, fake);
					const setups = await createSetups(n8n, fake, credentials, triggerVersion);
					const ids = take(deliveries * 3 * concurrencies.length * roundCount + 3 * 30);
					const { batches, hwmBytes } = await runBurst(n8n, fake.admin, setups, ids, { rounds: roundCount, concurrencies, deliveries, warmup: 30, log: (line) => log(`${label}: ${line}`) });
					results.hwm[label] = hwmBytes;
					return batches;
				} finally {
					await n8n.dispose();
				}
			};
			if (phases.has('burst')) results.burst = await burstRun('defaults', {}, rounds);
			if (phases.has('lazy')) results.lazyBurst = await burstRun('lazy', LAZY_ENV, lazyRounds);

			saveRaw(results);
			let variantTarball: string | undefined;
			if (phases.has('variant') || phases.has('profile')) {
				try {
					variantTarball = await buildVariantTarball(root);
				} catch (error) {
					results.variantError = `the variant package could not be built: ${(error as Error).message.split('\n')[0]}`;
					log(results.variantError);
				}
			}
			if (phases.has('variant') && variantTarball) {
				for (const [label, env] of [['defaults', {}], ['lazy', LAZY_ENV]] as Array<[string, Record<string, string>]>) {
					const batches = await burstRun(`${label} + node change`, env, 1, variantTarball, VARIANT_TRIGGER_VERSION);
					results.variant.push(...batches.map((batch) => ({ config: label, ...batch })));
				}
			}
			saveRaw(results);
			if (phases.has('profile')) {
				const runs: Array<{ label: string; env: Record<string, string>; tarball: string; setups: SetupKey[]; triggerVersion?: number }> = [
					{ label: 'defaults', env: {}, tarball, setups: ['a', 'b', 'c'] },
					{ label: 'lazy', env: LAZY_ENV, tarball, setups: ['a', 'b', 'c'] },
				];
				if (variantTarball) {
					runs.push({ label: 'defaults', env: {}, tarball: variantTarball, setups: ['a'], triggerVersion: VARIANT_TRIGGER_VERSION });
					runs.push({ label: 'lazy', env: LAZY_ENV, tarball: variantTarball, setups: ['a'], triggerVersion: VARIANT_TRIGGER_VERSION });
				}
				for (const run of runs) {
					results.profiles.push(...(await profileConfiguration({ ...run, fake, leadIds: take(500), deliveries: 100, log })));
				}
			}
		} finally {
			await fake.stop();
		}
	}
	if (!catchUpOnly) saveRaw(results);

	if (phases.has('backfill')) {
		const limited = await startFakeProcess();
		const n8n = await startBenchN8n({ tarball });
		try {
			const credentials = await createBenchCredentials(n8n, limited);
			for (const scenario of SCENARIOS) {
				const result = await runBackfill(n8n, limited, credentials, scenario, backfillLeads);
				results.backfill.push(result);
				log(`backfill ${scenario.name}: ${result.itemsReturned} items, ${result.requests} requests (${result.responses429} × 429), ${result.wallMs} ms (minimum ${result.minimumMs} ms)`);
			}
		} finally {
			await n8n.dispose();
			await limited.stop();
		}
	}
	if (phases.has('package')) results.package = await measurePackage(root, tarball, { loads: 5, starts: 2, log });
	if (phases.has('catchup')) {
		const list = (name: string, fallback: string) => numberList(process.env[name], fallback.split(',').map(Number));
		results.catchUp = await runCatchUp(
			{
				parts: catchUpParts,
				sweepLeads: list('BENCH_SWEEP_LEADS', '1000,10000,100000'),
				modelBursts: list('BENCH_MODEL_BURSTS', '300,1000,5000,10000'),
				modelOtherPerMinute: list('BENCH_MODEL_OTHER', '0,30'),
				modelExisting: Number(process.env.BENCH_MODEL_EXISTING ?? 1_000),
				passOnsPerSecond: Number(process.env.BENCH_MODEL_PASSONS_PER_S ?? 8),
				tarball: tarball || undefined,
				deliveryLeads: Number(process.env.BENCH_CATCHUP_LEADS ?? 10_000),
				deliveries: Number(process.env.BENCH_CATCHUP_DELIVERIES ?? 500),
				concurrency: Number(process.env.BENCH_CATCHUP_CONCURRENCY ?? 10),
				rounds: Number(process.env.BENCH_CATCHUP_ROUNDS ?? 2),
				quietWaitMs: Number(process.env.BENCH_WAIT_QUIET_MIN ?? 20) > 0 ? 5 * 60_000 : 0,
				stateWaitMs: Number(process.env.BENCH_CATCHUP_STATE_WAIT_S ?? 420) * 1000,
				log,
				save: (partial) => saveRaw(partial, catchUpOnly ? 'bench-catchup.json' : 'bench-catchup-partial.json'),
			},
			{
				// The catch-up knobs this run set, so that the section says how to repeat it.
				command: `${Object.entries(process.env)
					.filter(([name]) => /^BENCH_(PHASES|CATCHUP_|SWEEP_|MODEL_)/.test(name))
					.map(([name, value]) => `${name}=${value} `)
					.join('')}npm run bench`,
				commit: results.commit,
				machine: results.machine,
			},
		);
	}

	results.durationS = Math.round((Date.now() - started) / 1000);
	if (catchUpOnly && results.catchUp) {
		saveRaw(results.catchUp, 'bench-catchup.json');
		writeCatchUpSection(out, results.catchUp);
		log(`wrote the catch-up section of ${path.relative(root, out)} in ${results.durationS} s`);
		return;
	}
	saveRaw(results);
	writeReport(out, results);
	log(`wrote ${path.relative(root, out)} in ${results.durationS} s`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
