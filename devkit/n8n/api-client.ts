/**
 * An n8n's HTTP APIs as the tests and tools use them: the internal REST API with the owner's
 * session cookie (owner set-up, login, API keys, node types, credential test) and the public API
 * with an API key (workflows, credentials, executions, activation).
 *
 *   const client = new N8nApiClient({ version: '2.41.1', baseUrl: 'http://127.0.0.1:5678' });
 *   await client.bootstrap();                          // setupOwner() + createApiKey()
 *   const wf = await client.createWorkflow(json); await client.activateWorkflow(wf.id);
 *
 * N8nInstance (n8n-instance.ts) is such a client for the n8n processes it starts.
 */
import * as crypto from 'node:crypto';
import { cookieFrom, http, sleep, type HttpOptions, type HttpResponse } from '../http';
import { n8nDir, type N8nVersion } from './runtime-cache';
import { workflowSanitizer, type WorkflowSanitizer } from './workflow-schema';
import {
	DEFAULT_OWNER,
	WANTED_API_SCOPES,
	type CredentialTestResult,
	type ExecutionSummary,
	type NodeTypeDescription,
	type OwnerCredentials,
} from './api-types';

export interface N8nApiClientOptions {
	version: N8nVersion;
	/** The main process, e.g. http://127.0.0.1:5678 (N8nInstance supplies its own). */
	baseUrl?: string;
}

export class N8nApiClient {
	readonly version: N8nVersion;
	readonly owner: OwnerCredentials = { ...DEFAULT_OWNER };
	/** `n8n-auth` cookie value once logged in. */
	authCookie?: string;
	/** Raw public-API key once created. */
	apiKey?: string;
	/** Scopes the key was created with. */
	apiKeyScopes: string[] = [];

	private readonly fixedBaseUrl: string;
	private readonly browserId = `aurora-harness-${crypto.randomBytes(6).toString('hex')}`;
	private sanitizer?: WorkflowSanitizer;

	constructor(opts: N8nApiClientOptions) {
		this.version = opts.version;
		this.fixedBaseUrl = opts.baseUrl ?? '';
	}

	get baseUrl(): string {
		return this.fixedBaseUrl;
	}

	/** What a timeout message adds after "--- last log lines ---" (N8nInstance: its processes' log tails). */
	tail(_lines = 40): string {
		return '';
	}

	// ------------------------------------------------------------------ REST (cookie) helpers

	protected restHeaders(): Record<string, string> {
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

	/** Replaces a credential's data as the editor's Save does (PATCH /rest/credentials/{id}): the public API of 1.x cannot update one. */
	async updateCredential(id: string, name: string, type: string, data: Record<string, unknown>): Promise<void> {
		await this.ensureSession();
		await this.rest('PATCH', `/credentials/${id}`, { name, type, data });
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
