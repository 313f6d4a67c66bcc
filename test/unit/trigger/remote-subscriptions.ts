/**
 * A tiny in-memory Aurora webhook-subscription store behind nock, so lifecycle tests can assert the
 * REMOTE state (what a user would see on Aurora's webhook dashboard) after sequences of calls.
 *
 * It answers, below `/tenants/{tenant}`:
 *   POST   /webhooks            → 201 {"webhook": {...,"id"}}
 *   GET    /webhooks?page&per_page → {"webhooks": [...]} (1-based pages, server-side cap `maxPerPage`)
 *   GET    /webhooks/{id}       → {"webhook": {...}} or 404
 *   PUT    /webhooks/{id}       → partial update, or 404
 *   DELETE /webhooks/{id}       → 204, or 404
 *
 * Faults are injected per request with `fault()`; every request is logged in `requests`.
 * Any request to another path of the same host fails the test (`useNock({ failOnUnmatched: true })`).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { AURORA, TENANT_PATH } from '../../support/contexts';
import { useFastRetries } from '../../support/fast-retries';
import { useNock } from '../../support/nock';

export interface RemoteSubscription {
	id: string;
	event: string;
	url_template: string;
	description: string;
	enabled: boolean;
	header_auth_key?: string;
	header_auth_value?: string;
}

export interface LoggedRequest {
	method: string;
	/** Path below the tenant, without the query, e.g. `/webhooks/123`. */
	path: string;
	query: Record<string, string>;
	body: unknown;
}

export type Reply = [number, unknown?, Record<string, string>?];

export interface Fault {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** `list` = GET /webhooks; `item` = /webhooks/{id}; `collection` = POST /webhooks. Default: any. */
	target?: 'list' | 'item' | 'collection';
	/** Only requests for this subscription id. */
	id?: string;
	/** Only POSTs creating this event. */
	event?: string;
	/** How many matching requests to answer this way (default 1; Infinity = always). */
	times?: number;
	/** The answer. May first act on the store (e.g. create, then claim failure). */
	reply: (store: RemoteSubscriptions, request: LoggedRequest) => Reply;
}

export interface StoreOptions {
	/** Origin of the Aurora API (default: the unit-test custom base URL). */
	origin?: string;
	/** Path of the tenant (default: the unit-test tenant). */
	tenantPath?: string;
	/** Whether GET echoes header_auth_value back (Aurora's behaviour is not documented). */
	echoSecret?: boolean;
	/** Largest page the server returns, whatever per_page asks for. */
	maxPerPage?: number;
}

export class RemoteSubscriptions {
	readonly subscriptions = new Map<string, RemoteSubscription>();

	readonly requests: LoggedRequest[] = [];

	readonly faults: Fault[] = [];

	/** Every subscription that ever existed, in creation order (seeded or POSTed). */
	readonly history: RemoteSubscription[] = [];

	echoSecret: boolean;

	maxPerPage: number;

	readonly origin: string;

	readonly tenantPath: string;

	private nextId = 1000;

	constructor(options: StoreOptions = {}) {
		this.origin = options.origin ?? AURORA;
		this.tenantPath = options.tenantPath ?? TENANT_PATH;
		this.echoSecret = options.echoSecret ?? true;
		this.maxPerPage = options.maxPerPage ?? 250;
	}

	/** Registers the persisted interceptors. Optional, so that scope.isDone() ignores unused verbs. */
	install(): nock.Scope {
		const prefix = `${this.tenantPath}/webhooks`;
		const matches = (uri: string) => {
			const path = uri.split('?')[0];
			return path === prefix || path.startsWith(`${prefix}/`);
		};
		const scope = nock(this.origin).persist();
		for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
			scope
				.intercept(matches, method)
				.optionally()
				.reply((uri, body) => this.handle(method, uri, body));
		}
		return scope;
	}

	// ---------- direct manipulation: what happens on Aurora's side, behind n8n's back ----------

	seed(subscription: Partial<RemoteSubscription> & { event: string; url_template: string }): RemoteSubscription {
		const stored: RemoteSubscription = {
			id: subscription.id ?? String(this.nextId++),
			description: subscription.description ?? 'seeded',
			enabled: subscription.enabled ?? true,
			...subscription,
		} as RemoteSubscription;
		this.subscriptions.set(stored.id, stored);
		this.history.push({ ...stored });
		return { ...stored };
	}

	all(): RemoteSubscription[] {
		return [...this.subscriptions.values()].map((subscription) => ({ ...subscription }));
	}

	/** Subscriptions whose url_template delivers to exactly this webhook URL (origin + path). */
	pointingAt(webhookUrl: string): RemoteSubscription[] {
		const target = new URL(webhookUrl);
		return this.all().filter((subscription) => {
			const url = new URL(subscription.url_template);
			return url.origin === target.origin && url.pathname === target.pathname;
		});
	}

	get(id: string): RemoteSubscription | undefined {
		const found = this.subscriptions.get(id);
		return found ? { ...found } : undefined;
	}

	update(id: string, patch: Partial<RemoteSubscription>): void {
		const found = this.subscriptions.get(id);
		if (!found) throw new Error(`no remote subscription ${id}`);
		Object.assign(found, patch);
	}

	remove(id: string): void {
		this.subscriptions.delete(id);
	}

	fault(fault: Fault): void {
		this.faults.push({ times: 1, ...fault });
	}

	/** Requests of one kind, for assertions such as "no extra POSTs". */
	count(method: string, target?: 'list' | 'item' | 'collection'): number {
		return this.requests.filter((request) => request.method === method && (target === undefined || targetOf(request) === target)).length;
	}

	posts(): IDataObject[] {
		return this.requests.filter((request) => request.method === 'POST').map((request) => request.body as IDataObject);
	}

	deletes(): string[] {
		return this.requests.filter((request) => request.method === 'DELETE').map((request) => request.path.split('/')[2]);
	}

	/**
	 * What Aurora would send for one firing of a subscription: its url_template with each `<TOKEN>`
	 * replaced by the value given (missing ones become empty), parsed the way Express parses a query
	 * (repeated names become arrays), and the auth header.
	 */
	deliveryFor(id: string, values: Record<string, string> = {}): { query: IDataObject; headers: IDataObject } {
		const subscription = this.subscriptions.get(id);
		if (!subscription) throw new Error(`no remote subscription ${id}`);
		const url = subscription.url_template.replace(/<([A-Z_]+)>/g, (_match, token: string) => encodeURIComponent(values[token] ?? ''));
		const headers: IDataObject = {};
		if (subscription.header_auth_key) headers[subscription.header_auth_key.toLowerCase()] = subscription.header_auth_value ?? '';
		return { query: parseQuery(new URL(url).search), headers };
	}

	// ---------- the fake server ----------

	private handle(method: string, uri: string, rawBody: unknown): Reply {
		const [pathWithPrefix, search = ''] = uri.split('?');
		const path = pathWithPrefix.slice(this.tenantPath.length);
		const query = Object.fromEntries(new URLSearchParams(search));
		const body = typeof rawBody === 'string' && rawBody !== '' ? safeJson(rawBody) : rawBody;
		const request: LoggedRequest = { method, path, query, body };
		this.requests.push(request);

		const fault = this.faults.find((candidate) => faultMatches(candidate, request));
		if (fault) {
			fault.times = (fault.times ?? 1) - 1;
			if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
			return fault.reply(this, request);
		}
		return this.respond(request);
	}

	/** The normal, fault-free answer. Public so that faults can do the work and then misreport it. */
	respond(request: LoggedRequest): Reply {
		const id = request.path.split('/')[2];
		const target = targetOf(request);
		if (request.method === 'POST' && target === 'collection') {
			const input = (request.body as IDataObject | undefined)?.webhook as IDataObject | undefined;
			if (!input || typeof input.event !== 'string' || typeof input.url_template !== 'string') {
				return [422, { error: 'webhook.event and webhook.url_template are required' }];
			}
			const created = this.seed({
				event: input.event,
				url_template: input.url_template,
				description: String(input.description ?? ''),
				enabled: input.enabled !== false,
				header_auth_key: input.header_auth_key as string | undefined,
				header_auth_value: input.header_auth_value as string | undefined,
			});
			return [201, { webhook: this.present(created) }];
		}
		if (request.method === 'GET' && target === 'list') {
			const page = Math.max(1, Number(request.query.page ?? 1));
			const perPage = Math.min(this.maxPerPage, Math.max(1, Number(request.query.per_page ?? 100)));
			const items = this.all().slice((page - 1) * perPage, page * perPage);
			return [200, { webhooks: items.map((item) => this.present(item)) }];
		}
		if (target === 'item') {
			const found = this.subscriptions.get(id);
			if (!found) return [404, { error: 'Webhook not found' }];
			if (request.method === 'GET') return [200, { webhook: this.present({ ...found }) }];
			if (request.method === 'PUT') {
				const patch = ((request.body as IDataObject | undefined)?.webhook ?? {}) as Partial<RemoteSubscription>;
				Object.assign(found, patch, { id: found.id });
				return [200, { webhook: this.present({ ...found }) }];
			}
			if (request.method === 'DELETE') {
				this.subscriptions.delete(id);
				return [204, ''];
			}
		}
		return [405, { error: `${request.method} ${request.path} is not supported` }];
	}

	private present(subscription: RemoteSubscription): IDataObject {
		const shown: IDataObject = { ...subscription };
		if (!this.echoSecret) delete shown.header_auth_value;
		return shown;
	}
}

function targetOf(request: LoggedRequest): 'list' | 'item' | 'collection' {
	if (request.path !== '/webhooks') return 'item';
	return request.method === 'GET' ? 'list' : 'collection';
}

function faultMatches(fault: Fault, request: LoggedRequest): boolean {
	if (fault.method !== request.method) return false;
	if (fault.target !== undefined && fault.target !== targetOf(request)) return false;
	if (fault.id !== undefined && request.path !== `/webhooks/${fault.id}`) return false;
	if (fault.event !== undefined) {
		const webhook = (request.body as IDataObject | undefined)?.webhook as IDataObject | undefined;
		if (webhook?.event !== fault.event) return false;
	}
	return true;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Express-style query parsing: a name given twice becomes an array. */
export function parseQuery(search: string): IDataObject {
	const result: IDataObject = {};
	for (const [name, value] of new URLSearchParams(search)) {
		const existing = result[name];
		if (existing === undefined) result[name] = value;
		else result[name] = Array.isArray(existing) ? [...(existing as string[]), value] : [existing as string, value];
	}
	return result;
}

/**
 * The usual set-up of a lifecycle test: fast retries, a fresh in-memory Aurora before each test,
 * and a failure for any Aurora request it did not answer. Read `aurora.store` inside tests.
 */
export function useRemoteSubscriptions(): { readonly store: RemoteSubscriptions } {
	useFastRetries();
	useNock({ failOnUnmatched: true });
	const holder = { store: new RemoteSubscriptions() };
	beforeEach(() => {
		holder.store = new RemoteSubscriptions();
		holder.store.install();
	});
	return holder;
}
