/**
 * Aurora's webhook-subscription API behind nock, in memory, so lifecycle tests can assert the
 * REMOTE state (what a user would see on Aurora's webhook dashboard) after sequences of calls.
 *
 * It answers below `/tenants/{tenant}/webhooks` (POST, GET list with page/per_page, GET/PUT/DELETE
 * one) through the same pure model as the fake Aurora server,
 * devkit/fake-aurora/webhook-subscriptions.ts: answers, validation and paging are the server's.
 * What is only here: ids counted from 1000, reads that echo header_auth_value by default
 * (`echoSecret`), a page cap the test can lower (`maxPerPage`), and direct manipulation (`seed`,
 * `update`, `remove`) of what happens on Aurora's side.
 *
 * Faults are injected per request with `fault()`; every request is logged in `requests`.
 * Any request to another path of the same host fails the test (`useNock({ failOnUnmatched: true })`).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { WebhookSubscriptionApi } from '../../../devkit/fake-aurora/webhook-subscriptions';
import type { WebhookApiResult } from '../../../devkit/fake-aurora/webhook-subscriptions';
import type { WebhookSubscription } from '../../../devkit/fake-aurora/types';
import { AURORA, TENANT_PATH } from '../../support/contexts';
import { useNock } from '../../support/nock';

/** A stored subscription. One seeded without header auth has no header fields at all. */
export interface RemoteSubscription extends Omit<WebhookSubscription, 'description' | 'header_auth_key' | 'header_auth_value'> {
	description: string;
	header_auth_key?: string | null;
	header_auth_value?: string | null;
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

	/** created_at of the next subscription: one millisecond apart, so the list keeps creation order. */
	private clock = Date.UTC(2026, 0, 1);

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
			created_at: this.now(),
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
		const api = this.api();
		let result: WebhookApiResult | undefined;
		if (request.method === 'POST' && target === 'collection') {
			result = api.create(request.body);
			const created = this.subscriptions.get(String((result.body as { webhook?: { id?: string } } | undefined)?.webhook?.id));
			if (created) this.history.push({ ...created });
		} else if (request.method === 'GET' && target === 'list') {
			result = api.list(request.query);
		} else if (target === 'item' && request.method === 'GET') {
			result = api.get(id);
		} else if (target === 'item' && request.method === 'PUT') {
			result = api.update(id, request.body);
		} else if (target === 'item' && request.method === 'DELETE') {
			result = api.remove(id);
		}
		if (!result) return [405, { error: `${request.method} ${request.path} is not supported` }];
		return [result.status, result.body ?? '', result.headers];
	}

	/** The shared model over this store, with this store's ids, clock, echo and page cap. */
	private api(): WebhookSubscriptionApi {
		// Seeded subscriptions may lack header fields; the model only copies and shows them.
		return new WebhookSubscriptionApi(this.subscriptions as Map<string, WebhookSubscription>, {
			echoSecret: this.echoSecret,
			defaultPerPage: 100,
			maxPerPage: this.maxPerPage,
			ignorePaging: false,
			newId: () => String(this.nextId++),
			now: () => this.now(),
		});
	}

	private now(): string {
		return new Date(this.clock++).toISOString();
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
	useNock({ failOnUnmatched: true });
	const holder = { store: new RemoteSubscriptions() };
	beforeEach(() => {
		holder.store = new RemoteSubscriptions();
		holder.store.install();
	});
	return holder;
}
