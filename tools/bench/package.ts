/**
 * Phase 3: the package itself. Tarball size and file count (npm pack), and the time n8n takes to
 * load the package's nodes: n8n-core's LazyPackageDirectoryLoader (what n8n runs for every
 * community package at start) timed in fresh Node 24 processes, plus n8n's start time with and
 * without the package for context.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { installPackageTarball, nodesDir } from '../../devkit/n8n/install-package';
import { n8nDir, node24Bin, node24Env } from '../../devkit/n8n/runtime-cache';
import { BENCH_N8N_VERSION, startBenchN8n } from './n8n-setup';
import { median, round } from './stats';

export interface PackageResult {
	tarballBytes: number;
	unpackedBytes: number;
	files: number;
	/** LazyPackageDirectoryLoader.loadAll() + ensureTypesLoaded(), one fresh process each, ms. */
	loadMs: number[];
	loadMedianMs: number;
	lazyLoaded: boolean;
	nodeTypes: number;
	startWithoutMs: number[];
	startWithMs: number[];
}

const LOADER_SCRIPT = `
const path = require('path');
const n8nModules = process.argv[1];
const dir = process.argv[2];
const { LazyPackageDirectoryLoader } = require(require.resolve('n8n-core', { paths: [n8nModules] }));
(async () => {
	const t0 = performance.now();
	const loader = new LazyPackageDirectoryLoader(dir);
	await loader.loadAll();
	await loader.ensureTypesLoaded?.();
	const ms = performance.now() - t0;
	process.stdout.write(JSON.stringify({ ms, lazy: !!loader.isLazyLoaded, nodes: loader.types.nodes.length, credentials: loader.types.credentials.length }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

export async function measurePackage(repoRoot: string, tarball: string, options: { loads: number; starts: number; log: (line: string) => void }): Promise<PackageResult> {
	const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: repoRoot, encoding: 'utf8' }).replace(/^[^[]*/, '')) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	const folder = mkdtempSync(path.join(tmpdir(), 'aurora-bench-load-'));
	try {
		await installPackageTarball(folder, tarball);
		const dir = path.join(nodesDir(folder), 'node_modules', 'n8n-nodes-aurora-solar');
		const modules = path.join(n8nDir(BENCH_N8N_VERSION), 'node_modules');
		const loads: Array<{ ms: number; lazy: boolean; nodes: number }> = [];
		for (let i = 0; i < options.loads; i++) {
			// NODE_PATH: n8n resolves a community package's peer dependency (n8n-workflow) from its own modules.
			const out = execFileSync(node24Bin(), ['-e', LOADER_SCRIPT, modules, dir], { env: node24Env({ NODE_PATH: modules }), encoding: 'utf8' });
			loads.push(JSON.parse(out) as { ms: number; lazy: boolean; nodes: number });
		}
		options.log(`package load: ${loads.map((entry) => round(entry.ms, 1)).join(', ')} ms (lazy: ${loads[0]?.lazy})`);
		const startWithoutMs: number[] = [];
		const startWithMs: number[] = [];
		for (let i = 0; i < options.starts; i++) {
			for (const withPackage of [false, true]) {
				const n8n = await startBenchN8n({ tarball: withPackage ? tarball : undefined, bootstrap: false });
				(withPackage ? startWithMs : startWithoutMs).push(n8n.lastStartMs);
				await n8n.dispose();
			}
		}
		options.log(`n8n start without/with the package: ${startWithoutMs.join(', ')} / ${startWithMs.join(', ')} ms`);
		return {
			tarballBytes: statSync(tarball).size,
			unpackedBytes: pack[0].unpackedSize,
			files: pack[0].entryCount,
			loadMs: loads.map((entry) => round(entry.ms, 1)),
			loadMedianMs: round(median(loads.map((entry) => entry.ms)), 1),
			lazyLoaded: loads[0]?.lazy ?? false,
			nodeTypes: loads[0]?.nodes ?? 0,
			startWithoutMs,
			startWithMs,
		};
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
