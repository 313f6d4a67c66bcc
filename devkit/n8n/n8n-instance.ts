/**
 * A real n8n (from the runtime cache, run with Node 24) in regular or queue mode, plus helpers to
 * drive it over HTTP: owner + session cookie, API key, public API, node types, credential test.
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
import { cookieFrom, http, sleep, type HttpOptions, type HttpResponse } from '../http';
import { ManagedProcess } from '../managed-process';
import { freePorts } from '../ports';
import { createDatabase, dropDatabase, n8nPostgresEnv } from '../postgres';
import { ensureN8n, n8nBin, n8nDir, node24Bin, node24Env, type N8nVersion } from './runtime-cache';
import { workflowSanitizer, type WorkflowSanitizer } from './workflow-schema';

export type N8nMode = 'regular' | 'queue';
export type ProcessRole = 'main' | 'worker' | 'webhook';

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
	mode?: N8nMode;
	/** Readiness timeout per process, default 90 s. */
	readyTimeoutMs?: number;
	/** Echo n8n's output to stderr (also enabled by E2E_N8N_ECHO=1). */
	echoLogs?: boolean;
}

export interface OwnerCredentials {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface ExecutionSummary {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	data?: unknown;
	[key: string]: unknown;
}

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	[key: string]: unknown;
}

export const ENCRYPTION_KEY = 'aurora-e2e-fixed-encryption-key-0123456789';
export const DEFAULT_OWNER: OwnerCredentials = {
	email: 'e2e-owner@example.com',
	password: 'E2e-Passw0rd-Aurora',
	firstName: 'E2E',
	lastName: 'Owner',
};

/** Scopes we would like on the API key; only those the instance offers are requested. */
export const WANTED_API_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:delete',
	'workflow:activate',
	'workflow:deactivate',
	'credential:create',
	'credential:read',
	'credential:list',
	'credential:update',
	'credential:delete',
	'execution:read',
	'execution:list',
	'execution:delete',
	'dataTable:list',
	'dataTable:read',
	'dataTable:create',
	'dataTableRow:read',
];

const live = new Set<N8nInstance>();

/** Dispose every instance that is still alive (for a global afterAll). */
export async function disposeAllN8n(): Promise<void> {
	await Promise.allSettled([...live].map((i) => i.dispose()));
}

export class N8nInstance {
	readonly version: N8nVersion;
	readonly mode: N8nMode;
	readonly userFolder: string;
	readonly owner: OwnerCredentials = { ...DEFAULT_OWNER };
	port = 0;
	/** Queue mode: the webhook processor's port. */
	webhookPort = 0;
	/** Queue mode: the worker's health-check port. */
	workerHealthPort = 0;
	/** Queue mode: the PostgreSQL database. */
	database?: string;
	/** Queue mode: the Bull (Redis) key prefix. */
	readonly queuePrefix: string;
	/** `n8n-auth` cookie value once logged in. */
	authCookie?: string;
	/** Raw public-API key once created. */
	apiKey?: string;
	/** Scopes the key was created with. */
	apiKeyScopes: string[] = [];
	/** Duration of the last start() in ms. */
	lastStartMs = 0;

	private readonly ownsUserFolder: boolean;
	private opts: N8nInstanceOptions;
	private readonly browserId = `aurora-harness-${crypto.randomBytes(6).toString('hex')}`;
	private brokerPorts: Record<ProcessRole, number> = { main: 0, worker: 0, webhook: 0 };
	private procs: Partial<Record<ProcessRole, ManagedProcess>> = {};
	private sanitizer?: WorkflowSanitizer;
	private disposed = false;

	constructor(opts: N8nInstanceOptions) {
		this.opts = opts;
		this.version = opts.version;
		this.mode = opts.mode ?? 'regular';
		this.ownsUserFolder = !opts.userFolder;
		this.userFolder = opts.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `aurora-n8n-${opts.version}-`));
		fs.mkdirSync(this.userFolder, { recursive: true });
		this.queuePrefix = `aurora_e2e_${crypto.randomBytes(4).toString('hex')}`;
		if (opts.port) this.port = opts.port;
		live.add(this);
	}

	// ------------------------------------------------------------------ URLs

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Base of the public webhook URLs, with a trailing slash. */
	get webhookBase(): string {
		const base = this.opts.webhookUrl ?? (this.mode === 'queue' ? `http://127.0.0.1:${this.webhookPort}/` : `${this.baseUrl}/`);
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

	private baseEnv(): Record<string, string> {
		const env: Record<string, string> = {
			// jest sets NODE_ENV=test, which makes n8n silence its logger and exit(1) at start
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_SECURE_COOKIE: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '8',
			GENERIC_TIMEZONE: 'UTC',
			N8N_WEBHOOK_URL: this.webhookBase,
		};
		if (this.version.startsWith('1.')) {
			// 1.x reads WEBHOOK_URL (2.x deprecates it in favour of N8N_WEBHOOK_URL).
			env.WEBHOOK_URL = this.webhookBase;
			// 1.x can run without task runners; 2.x always starts its internal JS runner and only
			// warns that N8N_RUNNERS_ENABLED is deprecated, so it is not set there.
			env.N8N_RUNNERS_ENABLED = 'false';
		} else {
			env.N8N_UNVERIFIED_PACKAGES_ENABLED = 'true';
		}
		if (this.mode === 'queue') {
			Object.assign(env, n8nPostgresEnv(this.database as string), {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: process.env.E2E_REDIS_HOST ?? '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: process.env.E2E_REDIS_PORT ?? '6379',
				QUEUE_BULL_PREFIX: this.queuePrefix,
				// n8n's Redis cache (webhooks, workflow data, ...) defaults to the shared prefix "n8n:cache:";
				// stale webhook entries from another instance give "There is a conflict with one of the webhooks"
				N8N_REDIS_KEY_PREFIX: this.queuePrefix,
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			});
		}
		return env;
	}

	private makeProcess(role: ProcessRole): ManagedProcess {
		const env: Record<string, string> = { ...this.baseEnv(), N8N_RUNNERS_BROKER_PORT: String(this.brokerPorts[role]) };
		let command = 'start';
		if (role === 'main') env.N8N_PORT = String(this.port);
		if (role === 'webhook') {
			command = 'webhook';
			env.N8N_PORT = String(this.webhookPort);
		}
		if (role === 'worker') {
			command = 'worker';
			env.N8N_PORT = String(this.port); // unused by the worker; its server uses QUEUE_HEALTH_CHECK_PORT
			env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
			env.QUEUE_HEALTH_CHECK_PORT = String(this.workerHealthPort);
			env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
		}
		Object.assign(env, this.opts.env ?? {});
		return new ManagedProcess({
			name: `n8n-${this.version}-${role}`,
			command: node24Bin(),
			args: [n8nBin(this.version), command],
			cwd: this.userFolder,
			env: node24Env(env),
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

	/** Probe one process until it serves what the tests need. */
	private async probe(role: ProcessRole): Promise<string | true> {
		const get = (url: string) => http('GET', url, { timeoutMs: 5000 });
		if (role === 'worker') {
			const r = await get(`http://127.0.0.1:${this.workerHealthPort}/healthz/readiness`);
			if (r.status !== 200) return `worker /healthz/readiness ${r.status}`;
			// the health server listens a moment before the worker subscribes to the queue
			return /n8n worker is now ready/.test(this.procs.worker?.currentRunLogs() ?? '') ? true : 'worker: no "ready" log line yet';
		}
		const base = role === 'webhook' ? `http://127.0.0.1:${this.webhookPort}` : this.baseUrl;
		const h = await get(`${base}/healthz/readiness`);
		if (h.status !== 200) return `${role} /healthz/readiness ${h.status}`;
		if (role === 'webhook') {
			// routes are mounted when an unknown production webhook gets n8n's JSON 404
			const w = await get(`${base}/webhook/__aurora_harness_probe__`);
			return w.status === 404 && w.json !== undefined ? true : `webhook probe ${w.status} ${w.text.slice(0, 80)}`;
		}
		const s = await get(`${base}/rest/settings`);
		if (s.status !== 200 || s.json === undefined) return `/rest/settings ${s.status} ${s.text.slice(0, 80)}`;
		const a = await get(`${base}/api/v1/workflows`);
		if (a.status !== 401 || a.json === undefined) return `/api/v1/workflows ${a.status} ${a.text.slice(0, 80)}`;
		return true;
	}

	private async waitReady(role: ProcessRole, timeoutMs: number): Promise<void> {
		const proc = this.procs[role];
		if (!proc) throw new Error(`no ${role} process`);
		const deadline = Date.now() + timeoutMs;
		let last = 'not probed yet';
		while (Date.now() < deadline) {
			if (proc.exited) {
				throw new Error(
					`n8n ${this.version} ${role} exited early (code ${proc.exited.code}, signal ${proc.exited.signal}); ` +
						`log ${this.logFile(role)}\n--- last log lines ---\n${proc.tail(60)}`,
				);
			}
			try {
				const r = await this.probe(role);
				if (r === true) return;
				last = r;
			} catch (e) {
				last = (e as Error).message;
			}
			await sleep(500);
		}
		throw new Error(
			`n8n ${this.version} ${role} not ready after ${timeoutMs} ms (last probe: ${last}); ` +
				`log ${this.logFile(role)}\n--- last log lines ---\n${proc.tail(60)}`,
		);
	}

	/** SIGTERM every process (webhook and worker first), SIGKILL after 10 s. */
	async stop(): Promise<void> {
		const order: ProcessRole[] = ['webhook', 'worker', 'main'];
		await Promise.all(order.filter((r) => r !== 'main').map((r) => this.procs[r]?.stop(10_000)));
		await this.procs.main?.stop(10_000);
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

	// ------------------------------------------------------------------ REST (cookie) helpers

	private restHeaders(): Record<string, string> {
		const h: Record<string, string> = { 'browser-id': this.browserId };
		if (this.authCookie) h.cookie = `n8n-auth=${this.authCookie}`;
		return h;
	}

	/** Raw call to the internal REST API (/rest/...) with the session cookie. */
	async restRaw<T = unknown>(method: string, restPath: string, opts: HttpOptions = {}): Promise<HttpResponse<T>> {
		return http<T>(method, `${this.baseUrl}/rest${restPath}`, { ...opts, headers: { ...this.restHeaders(), ...opts.headers } });
	}

	/** REST call that must succeed; returns the reply's `data` field (or the whole body). */
	async rest<T = unknown>(method: string, restPath: string, body?: unknown): Promise<T> {
		const res = await this.restRaw<{ data?: T }>(method, restPath, { body });
		if (res.status >= 300) throw new Error(`REST ${method} /rest${restPath} -> ${res.status}: ${res.text.slice(0, 500)}`);
		const j = res.json as { data?: T } | undefined;
		return (j && typeof j === 'object' && 'data' in j ? j.data : j) as T;
	}

	private keepCookie(res: HttpResponse): void {
		const c = cookieFrom(res, 'n8n-auth');
		if (c) this.authCookie = c;
	}

	/** Create the owner account (or log in when it exists already). Keeps the n8n-auth cookie. */
	async setupOwner(owner: Partial<OwnerCredentials> = {}): Promise<void> {
		Object.assign(this.owner, owner);
		const res = await this.restRaw('POST', '/owner/setup', { body: this.owner });
		if (res.status === 200) {
			this.keepCookie(res);
			if (!this.authCookie) throw new Error('owner setup answered 200 but set no n8n-auth cookie');
			return;
		}
		if (res.status === 400 && /already/i.test(res.text)) {
			await this.login();
			return;
		}
		throw new Error(`POST /rest/owner/setup -> ${res.status}: ${res.text.slice(0, 500)}`);
	}

	/** POST /rest/login. Both 2.41.1 and 1.123.81 expect {emailOrLdapLoginId, password}. */
	async login(): Promise<void> {
		const res = await this.restRaw('POST', '/login', {
			body: { emailOrLdapLoginId: this.owner.email, password: this.owner.password },
		});
		if (res.status !== 200) throw new Error(`POST /rest/login -> ${res.status}: ${res.text.slice(0, 500)}`);
		this.keepCookie(res);
	}

	/** Make sure the cookie is still accepted (it survives restarts: same encryption key), else log in again. */
	async ensureSession(): Promise<void> {
		if (this.authCookie) {
			const r = await this.restRaw('GET', '/login');
			if (r.status === 200) return;
		}
		await this.setupOwner();
	}

	/** Scopes this instance lets an owner put on an API key. */
	async offeredApiKeyScopes(): Promise<string[]> {
		await this.ensureSession();
		return this.rest<string[]>('GET', '/api-keys/scopes');
	}

	/** Create (once) a public-API key with every wanted scope the instance offers. */
	async createApiKey(label = `aurora-e2e-${Date.now()}`): Promise<string> {
		if (this.apiKey) {
			const r = await this.apiRaw('GET', '/workflows', { query: { limit: 1 } });
			if (r.status === 200) return this.apiKey;
		}
		const offered = await this.offeredApiKeyScopes();
		const scopes = WANTED_API_SCOPES.filter((s) => offered.includes(s));
		const data = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', { label, scopes, expiresAt: null });
		const key = data.rawApiKey ?? data.apiKey;
		if (!key) throw new Error(`POST /rest/api-keys returned no key: ${JSON.stringify(data).slice(0, 300)}`);
		this.apiKey = key;
		this.apiKeyScopes = scopes;
		return key;
	}

	/** setupOwner() + createApiKey(). */
	async bootstrap(): Promise<void> {
		await this.setupOwner();
		await this.createApiKey();
	}

	// ------------------------------------------------------------------ public API helpers

	async apiRaw<T = unknown>(method: string, apiPath: string, opts: HttpOptions = {}): Promise<HttpResponse<T>> {
		if (!this.apiKey) throw new Error('no API key: call createApiKey() first');
		return http<T>(method, `${this.baseUrl}/api/v1${apiPath}`, {
			...opts,
			headers: { 'X-N8N-API-KEY': this.apiKey, ...opts.headers },
		});
	}

	/** Public API call that must succeed; returns the parsed body. */
	async api<T = unknown>(method: string, apiPath: string, body?: unknown, query?: HttpOptions['query']): Promise<T> {
		const res = await this.apiRaw<T>(method, apiPath, { body, query });
		if (res.status >= 300) throw new Error(`API ${method} /api/v1${apiPath} -> ${res.status}: ${res.text.slice(0, 800)}`);
		return res.json as T;
	}

	/** GET /api/v1/credentials/schema/{type}: the JSON schema the public API validates `data` against. */
	async credentialSchema(type: string): Promise<{ properties?: Record<string, unknown>; allOf?: unknown[]; required?: string[] }> {
		return this.api('GET', `/credentials/schema/${encodeURIComponent(type)}`);
	}

	/**
	 * POST /api/v1/credentials. 1.123.81 quirk: for credentials with `authenticate`, n8n adds the
	 * `allowedHttpRequestDomains` / `allowedDomains` properties, and its schema's if/then rule makes
	 * `allowedDomains` required whenever `allowedHttpRequestDomains` is ABSENT. So when the schema has
	 * that conditional and the data lacks the field, `allowedHttpRequestDomains: 'all'` is added
	 * (n8n's default). 2.41.1 has no such rule and gets the data unchanged.
	 */
	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string; type: string }> {
		let body = data;
		if (!('allowedHttpRequestDomains' in data)) {
			const schema = await this.credentialSchema(type).catch(() => undefined);
			if (schema?.properties && 'allowedHttpRequestDomains' in schema.properties && Array.isArray(schema.allOf) && schema.allOf.length) {
				body = { ...data, allowedHttpRequestDomains: 'all' };
			}
		}
		return this.api('POST', '/credentials', { name, type, data: body });
	}

	async deleteCredential(id: string): Promise<void> {
		await this.api('DELETE', `/credentials/${id}`);
	}

	/** Strip what this version's public API rejects (read-only and unknown fields), then create. */
	async createWorkflow(json: Record<string, unknown>): Promise<{ id: string; name: string; active: boolean; [k: string]: unknown }> {
		this.sanitizer ??= workflowSanitizer(n8nDir(this.version));
		return this.api('POST', '/workflows', this.sanitizer(json));
	}

	async getWorkflow(id: string): Promise<Record<string, unknown>> {
		return this.api('GET', `/workflows/${id}`);
	}

	async activateWorkflow(id: string): Promise<Record<string, unknown>> {
		return this.api('POST', `/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id: string): Promise<Record<string, unknown>> {
		return this.api('POST', `/workflows/${id}/deactivate`);
	}

	/** Delete; retries while 2.x answers 409 "still being unpublished" right after a deactivation. */
	async deleteWorkflow(id: string, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.apiRaw('DELETE', `/workflows/${id}`);
			if (res.status < 300) return;
			if (res.status !== 409 || Date.now() > deadline) {
				throw new Error(`API DELETE /api/v1/workflows/${id} -> ${res.status}: ${res.text.slice(0, 500)}`);
			}
			await sleep(300);
		}
	}

	/** All executions (following nextCursor), newest first. */
	async listExecutions(opts: { workflowId?: string; includeData?: boolean; status?: string; limit?: number } = {}): Promise<ExecutionSummary[]> {
		const out: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const page = await this.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', '/executions', undefined, {
				workflowId: opts.workflowId,
				includeData: opts.includeData,
				status: opts.status,
				limit: opts.limit ?? 100,
				cursor,
			});
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}

	async getExecution(id: string | number, includeData = true): Promise<ExecutionSummary> {
		return this.api('GET', `/executions/${id}`, undefined, { includeData });
	}

	/**
	 * Poll until the workflow has at least `count` finished executions (stoppedAt set); returns them,
	 * newest first. Throws with the main log tail on timeout.
	 */
	async waitForExecutions(
		workflowId: string,
		count = 1,
		timeoutMs = 30_000,
		opts: { includeData?: boolean; allowUnfinished?: boolean } = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		let seen: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			seen = await this.listExecutions({ workflowId, includeData: opts.includeData });
			const done = opts.allowUnfinished ? seen : seen.filter((e) => e.stoppedAt);
			if (done.length >= count) return done;
			await sleep(500);
		}
		throw new Error(
			`workflow ${workflowId}: expected ${count} execution(s) within ${timeoutMs} ms, saw ${seen.length} ` +
				`(${seen.map((e) => `${e.id}:${e.status}`).join(', ')})\n--- last log lines ---\n${this.tail()}`,
		);
	}

	tail(lines = 40): string {
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

	// ------------------------------------------------------------------ node types and credential test

	/** Every node type the main process loaded (GET /types/nodes.json, needs the session cookie). */
	async nodeTypes(): Promise<NodeTypeDescription[]> {
		await this.ensureSession();
		const res = await http<NodeTypeDescription[]>('GET', `${this.baseUrl}/types/nodes.json`, {
			headers: this.restHeaders(),
			timeoutMs: 60_000,
		});
		if (res.status !== 200 || !Array.isArray(res.json)) {
			throw new Error(`GET /types/nodes.json -> ${res.status}: ${res.text.slice(0, 300)}`);
		}
		return res.json;
	}

	async nodeTypeNames(): Promise<string[]> {
		return [...new Set((await this.nodeTypes()).map((n) => n.name))];
	}

	/**
	 * Run n8n's own credential test, as the editor's "Retry"/"Save" does (POST /rest/credentials/test).
	 * Without an `id`, the credential is created first (public API) and deleted afterwards, because
	 * both versions test a stored credential by id, merging the data sent over the stored data.
	 */
	async testCredential(credential: { type: string; data: Record<string, unknown>; name?: string; id?: string }): Promise<CredentialTestResult> {
		await this.ensureSession();
		let id = credential.id;
		let temp: string | undefined;
		const name = credential.name ?? `aurora-e2e-credential-test-${Date.now()}`;
		if (!id) {
			if (!this.apiKey) await this.createApiKey();
			temp = (await this.createCredential(name, credential.type, credential.data)).id;
			id = temp;
		}
		try {
			const r = await this.rest<CredentialTestResult>('POST', '/credentials/test', {
				credentials: { id, name, type: credential.type, data: credential.data },
			});
			return { status: r.status, message: r.message };
		} finally {
			if (temp) await this.deleteCredential(temp).catch(() => undefined);
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
