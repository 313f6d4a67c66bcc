/**
 * A real n8n (from the runtime cache, run with Node 24) in regular or queue mode: its processes
 * (start, stop, restart, dispose), ports, logs and webhook URLs. Driving it over HTTP (owner, API
 * key, workflows, credentials, executions, node types, credential test) is N8nApiClient's job
 * (api-client.ts), which an N8nInstance is, for its own main process.
 *
 *   const n8n = await startN8n({ version: '2.41.1' });
 *   await n8n.setupOwner(); await n8n.createApiKey();
 *   const wf = await n8n.createWorkflow(json); await n8n.activateWorkflow(wf.id);
 *   ...
 *   await n8n.dispose();
 *
 * Regular mode: one `n8n start` process on SQLite.
 * Queue mode: PostgreSQL database n8n_e2e_<random> + Redis (unique bull prefix) and three processes
 * sharing one user folder: `n8n start` (main, production webhooks disabled), `n8n worker`,
 * `n8n webhook` (its own port; webhookUrl() points there).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../exec';
import { http, sleep, type HttpOptions, type HttpResponse } from '../http';
import { ManagedProcess } from '../managed-process';
import { freePorts } from '../ports';
import { createDatabase, dropDatabase } from '../postgres';
import { N8nApiClient } from './api-client';
import { n8nBaseEnv, roleCommand, type N8nMode, type ProcessRole } from './process-env';
import { waitReady as waitUntilReady } from './readiness';
import { ensureN8n, n8nBin, node24Bin, node24Env, type N8nVersion } from './runtime-cache';

export type { CredentialTestResult, ExecutionSummary, NodeTypeDescription, OwnerCredentials } from './api-types';
export { DEFAULT_OWNER, WANTED_API_SCOPES } from './api-types';
export { N8nApiClient } from './api-client';
export { ENCRYPTION_KEY, type N8nMode, type ProcessRole } from './process-env';

export interface N8nInstanceOptions {
	version: N8nVersion;
	/** Main process port; a free one when absent. */
	port?: number;
	/** N8N_USER_FOLDER; a fresh temp dir (removed by dispose()) when absent. */
	userFolder?: string;
	/** Extra environment for every n8n process (wins over the harness defaults). */
	env?: Record<string, string>;
	/** Public webhook base URL (N8N_WEBHOOK_URL). Default: the main process (regular) or the webhook processor (queue). */
	webhookUrl?: string;
	/** Host name in the default webhook URL (`127.0.0.1`); `localhost` for a URL as most local installs have it. */
	webhookHost?: string;
	mode?: N8nMode;
	/** Readiness timeout per process, default 90 s. */
	readyTimeoutMs?: number;
	/** Echo n8n's output to stderr (also enabled by E2E_N8N_ECHO=1). */
	echoLogs?: boolean;
}

const live = new Set<N8nInstance>();

/** Dispose every instance that is still alive (for a global afterAll). */
export async function disposeAllN8n(): Promise<void> {
	await Promise.allSettled([...live].map((i) => i.dispose()));
}

export class N8nInstance extends N8nApiClient {
	readonly mode: N8nMode;
	readonly userFolder: string;
	port = 0;
	/** Queue mode: the webhook processor's port. */
	webhookPort = 0;
	/** Queue mode: the worker's health-check port. */
	workerHealthPort = 0;
	/** Queue mode: the PostgreSQL database. */
	database?: string;
	/** Queue mode: the Bull (Redis) key prefix. */
	readonly queuePrefix: string;
	/** Duration of the last start() in ms. */
	lastStartMs = 0;

	private readonly ownsUserFolder: boolean;
	private opts: N8nInstanceOptions;
	private brokerPorts: Record<ProcessRole, number> = { main: 0, worker: 0, webhook: 0 };
	private procs: Partial<Record<ProcessRole, ManagedProcess>> = {};
	private disposed = false;

	constructor(opts: N8nInstanceOptions) {
		super({ version: opts.version });
		this.opts = opts;
		this.mode = opts.mode ?? 'regular';
		this.ownsUserFolder = !opts.userFolder;
		this.userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `aurora-n8n-${opts.version}-`));
		fs.mkdirSync(this.userFolder, { recursive: true });
		this.queuePrefix = `aurora_e2e_${crypto.randomBytes(4).toString('hex')}`;
		if (opts.port) this.port = opts.port;
		live.add(this);
	}

	// ------------------------------------------------------------------ URLs

	override get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Base of the public webhook URLs, with a trailing slash. */
	get webhookBase(): string {
		const host = this.opts.webhookHost ?? '127.0.0.1';
		const base = this.opts.webhookUrl ?? `http://${host}:${this.mode === 'queue' ? this.webhookPort : this.port}/`;
		return base.endsWith('/') ? base : `${base}/`;
	}

	/** Production webhook URL: <base>/webhook/<path>. */
	webhookUrl(webhookPath: string): string {
		return `${this.webhookBase}webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Test webhook URL (only live while the editor listens): <base>/webhook-test/<path>. */
	testWebhookUrl(webhookPath: string): string {
		return `${this.webhookBase}webhook-test/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Where the webhook processor really listens (queue) or the main process (regular). */
	get webhookServerUrl(): string {
		return this.mode === 'queue' ? `http://127.0.0.1:${this.webhookPort}` : this.baseUrl;
	}

	logFile(role: ProcessRole = 'main'): string {
		return path.join(this.userFolder, `n8n-${role}.log`);
	}

	// ------------------------------------------------------------------ lifecycle

	private async allocate(): Promise<void> {
		const need = this.mode === 'queue' ? 6 : 2;
		const ports = await freePorts(need);
		if (!this.port) this.port = ports[0];
		this.brokerPorts.main = ports[1];
		if (this.mode === 'queue') {
			this.webhookPort = ports[2];
			this.workerHealthPort = ports[3];
			this.brokerPorts.worker = ports[4];
			this.brokerPorts.webhook = ports[5];
		}
	}

	private makeProcess(role: ProcessRole): ManagedProcess {
		const base = n8nBaseEnv({
			version: this.version,
			mode: this.mode,
			userFolder: this.userFolder,
			webhookBase: this.webhookBase,
			database: this.database,
			queuePrefix: this.queuePrefix,
		});
		const ports = { port: this.port, webhookPort: this.webhookPort, workerHealthPort: this.workerHealthPort, brokerPort: this.brokerPorts[role] };
		const { command, env } = roleCommand(role, ports);
		return new ManagedProcess({
			name: `n8n-${this.version}-${role}`,
			command: node24Bin(),
			args: [n8nBin(this.version), command],
			cwd: this.userFolder,
			env: node24Env({ ...base, ...env, ...(this.opts.env ?? {}) }),
			logFile: this.logFile(role),
			echo: this.opts.echoLogs ?? process.env.E2E_N8N_ECHO === '1',
		});
	}

	private roles(): ProcessRole[] {
		return this.mode === 'queue' ? ['main', 'worker', 'webhook'] : ['main'];
	}

	async start(): Promise<void> {
		if (this.disposed) throw new Error('instance was disposed');
		const t0 = Date.now();
		await ensureN8n(this.version);
		if (!this.brokerPorts.main) await this.allocate();
		if (this.mode === 'queue' && !this.database) this.database = await createDatabase();
		const timeout = this.opts.readyTimeoutMs ?? 90_000;
		try {
			this.procs.main = this.makeProcess('main');
			this.procs.main.start();
			await this.waitReady('main', timeout);
			if (this.mode === 'queue') {
				this.procs.worker = this.makeProcess('worker');
				this.procs.webhook = this.makeProcess('webhook');
				this.procs.worker.start();
				this.procs.webhook.start();
				await Promise.all([this.waitReady('worker', timeout), this.waitReady('webhook', timeout)]);
			}
		} catch (err) {
			await this.stop();
			throw err;
		}
		this.lastStartMs = Date.now() - t0;
	}

	private async waitReady(role: ProcessRole, timeoutMs: number): Promise<void> {
		const proc = this.procs[role];
		if (!proc) throw new Error(`no ${role} process`);
		await waitUntilReady(this, role, proc, timeoutMs);
	}

	/** SIGTERM every process (webhook and worker first), SIGKILL after 10 s. */
	async stop(): Promise<void> {
		const order: ProcessRole[] = ['webhook', 'worker', 'main'];
		await Promise.all(order.filter((r) => r !== 'main').map((r) => this.procs[r]?.stop(10_000)));
		await this.procs.main?.stop(10_000);
	}

	/** SIGKILL every process at once (`kill -9`: no shutdown, nothing flushed); start() brings them back. */
	async kill(): Promise<void> {
		await Promise.all(this.roles().map((role) => this.procs[role]?.kill()));
	}

	/**
	 * Stop and start again with the same user folder, database, ports and session. `env` changes
	 * environment variables from this start on (a value of undefined removes one).
	 */
	async restart(env: Record<string, string | undefined> = {}): Promise<void> {
		await this.stop();
		const merged: Record<string, string> = { ...(this.opts.env ?? {}) };
		for (const [name, value] of Object.entries(env)) {
			if (value === undefined) delete merged[name];
			else merged[name] = value;
		}
		this.opts = { ...this.opts, env: merged };
		await this.start();
	}

	/** Stop everything, drop the queue database and Redis keys, remove the temp user folder (unless KEEP_N8N=1). */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		live.delete(this);
		await this.stop();
		const keep = process.env.KEEP_N8N === '1';
		if (keep) {
			process.stderr.write(`[n8n-harness] KEEP_N8N=1: kept ${this.userFolder}${this.database ? ` and database ${this.database}` : ''}\n`);
			return;
		}
		if (this.database) {
			await dropDatabase(this.database).catch((e: Error) => process.stderr.write(`[n8n-harness] drop ${this.database}: ${e.message}\n`));
		}
		if (this.mode === 'queue') await this.clearRedis().catch(() => undefined);
		if (this.ownsUserFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	private async clearRedis(): Promise<void> {
		const host = process.env.E2E_REDIS_HOST ?? '127.0.0.1';
		const port = process.env.E2E_REDIS_PORT ?? '6379';
		const scan = await run('redis-cli', ['-h', host, '-p', port, '--scan', '--pattern', `${this.queuePrefix}*`], { timeoutMs: 30_000 });
		const keys = scan.stdout.split('\n').filter(Boolean);
		for (let i = 0; i < keys.length; i += 200) {
			await run('redis-cli', ['-h', host, '-p', port, 'DEL', ...keys.slice(i, i + 200)], { timeoutMs: 30_000 });
		}
	}

	/** Captured output: one process, or all of them with headers. */
	logs(role?: ProcessRole): string {
		if (role) return this.procs[role]?.logs() ?? '';
		return this.roles()
			.map((r) => (this.mode === 'queue' ? `===== ${r} =====\n` : '') + (this.procs[r]?.logs() ?? ''))
			.join('\n');
	}

	process(role: ProcessRole = 'main'): ManagedProcess | undefined {
		return this.procs[role];
	}

	override tail(lines = 40): string {
		return this.roles()
			.map((r) => `--- ${r} ---\n${this.procs[r]?.tail(lines) ?? ''}`)
			.join('\n');
	}

	// ------------------------------------------------------------------ webhooks

	/**
	 * Call a production webhook, retrying while n8n says it is not registered yet (activation
	 * registers webhooks asynchronously; in queue mode the webhook processor learns them via the DB).
	 */
	async callWebhook(
		webhookPath: string,
		opts: HttpOptions & { method?: string; waitMs?: number } = {},
	): Promise<HttpResponse> {
		const deadline = Date.now() + (opts.waitMs ?? 20_000);
		for (;;) {
			const res = await http(opts.method ?? 'GET', this.webhookUrl(webhookPath), opts);
			const notRegistered = res.status === 404 && /not registered/i.test(res.text);
			if (!notRegistered || Date.now() > deadline) return res;
			await sleep(300);
		}
	}
}

/** Construct and start an instance (ensures the runtime is installed first). */
export async function startN8n(opts: N8nInstanceOptions): Promise<N8nInstance> {
	const inst = new N8nInstance(opts);
	try {
		await inst.start();
	} catch (e) {
		await inst.dispose();
		throw e;
	}
	return inst;
}
