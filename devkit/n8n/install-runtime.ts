/**
 * CLI: warm the runtime cache.
 *
 *   npx tsx devkit/n8n/install-runtime.ts                       # Node 24 + every pinned n8n
 *   npx tsx devkit/n8n/install-runtime.ts --n8n 2.41.1          # only this one (repeatable)
 *   npx tsx devkit/n8n/install-runtime.ts --force --n8n 1.123.81  # wipe and reinstall
 *   npx tsx devkit/n8n/install-runtime.ts --print               # show paths and status only
 */
import {
	cacheDir,
	ensureRuntime,
	invalidate,
	isN8nInstalled,
	isNode24Installed,
	n8nBin,
	node24Bin,
	N8N_VERSIONS,
} from './runtime-cache';

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const versions: string[] = [];
	let force = false;
	let printOnly = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '--n8n') versions.push(args[++i] ?? '');
		else if (a.startsWith('--n8n=')) versions.push(a.slice('--n8n='.length));
		else if (a === '--force') force = true;
		else if (a === '--print') printOnly = true;
		else if (a === '--help' || a === '-h') {
			console.log('usage: install-runtime.ts [--n8n <version>]... [--force] [--print]');
			return;
		} else throw new Error(`unknown argument ${a}`);
	}
	const list = versions.length ? versions : [...N8N_VERSIONS];
	if (printOnly) {
		console.log(`cache: ${cacheDir()}`);
		console.log(`node24: ${node24Bin()} ${isNode24Installed() ? '(installed)' : '(missing)'}`);
		for (const v of list) console.log(`n8n ${v}: ${n8nBin(v)} ${isN8nInstalled(v) ? '(installed)' : '(missing)'}`);
		return;
	}
	if (force) for (const v of list) invalidate(v);
	const t0 = Date.now();
	const paths = await ensureRuntime(list);
	console.log(`cache: ${cacheDir()}`);
	console.log(`node24: ${paths.node24}`);
	for (const [v, bin] of Object.entries(paths.n8n)) console.log(`n8n ${v}: ${bin}`);
	console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
});
