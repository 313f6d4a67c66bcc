/**
 * Install a community-node tarball into an n8n user folder the way n8n's community installer does:
 *
 *   <userFolder>/.n8n/nodes/package.json = {"name":"installed-nodes","private":true,"dependencies":{...}}
 *   cd <userFolder>/.n8n/nodes && npm install --ignore-scripts --legacy-peer-deps <tgz>
 *
 * n8n then loads it (after a (re)start) from <userFolder>/.n8n/nodes/node_modules/<name>, and its
 * node types appear as "<name>.<nodeName>". The package name must start with "n8n-nodes-"
 * (or "@scope/n8n-nodes-") or n8n ignores it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runOk } from '../exec';

export interface InstalledPackage {
	name: string;
	version: string;
	/** <userFolder>/.n8n/nodes/node_modules/<name> */
	dir: string;
	/** The tarball copy the nodes folder's package.json refers to. */
	tarball: string;
}

export function nodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Env for npm runs of the harness: no audit/fund noise, no install scripts. */
function npmEnv(): NodeJS.ProcessEnv {
	return {
		...process.env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_ignore_scripts: 'true',
	};
}

function readTarballManifest(dir: string): { name: string; version: string } {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
	return { name: pkg.name, version: pkg.version };
}

/**
 * Install `tarballPath` into the user folder's community nodes folder. The tarball is first copied to
 * <nodes>/tarballs/ so the "file:" spec recorded in package.json stays valid after the original is deleted.
 */
export async function installPackageTarball(userFolder: string, tarballPath: string): Promise<InstalledPackage> {
	const dir = nodesDir(userFolder);
	fs.mkdirSync(path.join(dir, 'tarballs'), { recursive: true });
	const pkgJson = path.join(dir, 'package.json');
	if (!fs.existsSync(pkgJson)) {
		fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const copy = path.join(dir, 'tarballs', path.basename(tarballPath));
	if (path.resolve(copy) !== path.resolve(tarballPath)) fs.copyFileSync(tarballPath, copy);

	await runOk(
		'npm',
		['install', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=warn', `./tarballs/${path.basename(copy)}`],
		{ cwd: dir, env: npmEnv(), timeoutMs: 5 * 60_000, logFile: path.join(dir, 'npm-install.log') },
	);

	// Which package did that tarball contain? The dependency whose spec points at our copy.
	const deps = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
	const name = Object.keys(deps).find((k) => deps[k].includes(path.basename(copy)));
	if (!name) throw new Error(`installed ${copy} but cannot find it in ${pkgJson}: ${JSON.stringify(deps)}`);
	const installedDir = path.join(dir, 'node_modules', name);
	const { version } = readTarballManifest(installedDir);
	return { name, version, dir: installedDir, tarball: copy };
}

/**
 * `npm pack --json` in repoRoot (the caller has run `npm run build`), writing the tarball into a
 * fresh temp dir (or outDir). Returns the tarball's absolute path.
 */
export async function packProject(repoRoot: string, outDir?: string): Promise<string> {
	const dest = outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	const res = await runOk('npm', ['pack', '--json', '--pack-destination', dest], {
		cwd: repoRoot,
		env: npmEnv(),
		timeoutMs: 5 * 60_000,
	});
	// npm may print lifecycle output before the JSON: take from the first line that starts the array.
	const start = res.stdout.search(/^\[/m);
	const parsed = JSON.parse(start >= 0 ? res.stdout.slice(start) : res.stdout) as Array<{ filename: string }>;
	if (!parsed.length || !parsed[0].filename) throw new Error(`npm pack printed no filename:\n${res.stdout}`);
	// npm 11 reports "name-version.tgz" (scoped: "scope-name-version.tgz").
	const file = path.join(dest, path.basename(parsed[0].filename));
	if (!fs.existsSync(file)) throw new Error(`npm pack reported ${parsed[0].filename} but ${file} does not exist`);
	return file;
}
