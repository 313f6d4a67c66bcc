/**
 * Aurora's webhook-subscription API as a pure model: no HTTP, no clock and no id generator of its
 * own. Each call takes what a request carries (body, query, id) and returns the answer as
 * `{status, body}`. The fake server's routes (routes/webhooks.ts) and the unit tests' nock
 * interceptors (test/unit/trigger/remote-subscriptions.ts) both answer through it.
 *
 * What Aurora documents ([D] in README.md): one `event` string per subscription, a `url_template`
 * with <TOKEN> placeholders, optional header auth, PUT with a partial body, request bodies in a
 * `{"webhook": …}` envelope. What is a guess: the list/get/delete paths, `page`/`per_page` paging,
 * the 422 validation, 200 on create, 204 on delete, and whether reads echo `header_auth_value`
 * (`echoSecret`).
 */
import { errorResult, HttpError, unwrap } from './http';
import { paginate } from './paging';
import { byCreatedAt } from './store';
import type { FakeAuroraConfig, WebhookSubscription } from './types';

export type WebhookInput = Partial<Omit<WebhookSubscription, 'id' | 'created_at'>>;

export interface WebhookApiResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface WebhookApiOptions extends Pick<FakeAuroraConfig, 'defaultPerPage' | 'maxPerPage' | 'ignorePaging'> {
	/** Whether reads show `header_auth_value` (unknown in Aurora). */
	echoSecret: boolean;
	/** The id of a new subscription. */
	newId(): string;
	/** `created_at` of a new subscription (ISO 8601); the list is ordered by it. */
	now(): string;
}

/** RFC 9110 token characters: anything else would make the delivery request itself invalid. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isHttpUrlTemplate(template: string): boolean {
	try {
		const url = new URL(template.replace(/<[A-Z][A-Z0-9_]*>/g, 'x'));
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function optionalString(input: Record<string, unknown>, key: string): string | null | undefined {
	const v = input[key];
	if (v === undefined || v === null || typeof v === 'string') return v;
	throw new HttpError(422, `webhook.${key} must be a string`);
}

/** The fields of a create (`creating`) or partial update; a bad value throws HttpError 422. */
export function parseWebhookInput(input: Record<string, unknown>, creating: boolean): WebhookInput {
	const out: WebhookInput = {};
	if (creating || input.event !== undefined) {
		if (typeof input.event !== 'string' || input.event.trim() === '') {
			throw new HttpError(422, 'webhook.event is required and must be a single event name (string)');
		}
		out.event = input.event;
	}
	if (creating || input.url_template !== undefined) {
		if (typeof input.url_template !== 'string' || !isHttpUrlTemplate(input.url_template)) {
			throw new HttpError(422, 'webhook.url_template is required and must be an http(s) URL');
		}
		out.url_template = input.url_template;
	}
	if (input.enabled !== undefined) {
		if (typeof input.enabled !== 'boolean') throw new HttpError(422, 'webhook.enabled must be a boolean');
		out.enabled = input.enabled;
	}
	for (const key of ['description', 'header_auth_key', 'header_auth_value'] as const) {
		const v = optionalString(input, key);
		if (v !== undefined) out[key] = v;
	}
	if (out.header_auth_key && !HEADER_NAME.test(out.header_auth_key)) {
		throw new HttpError(422, 'webhook.header_auth_key must be a valid HTTP header name');
	}
	return out;
}

/** A subscription as the API shows it: without `header_auth_value` unless Aurora echoes it. */
export function webhookView(sub: WebhookSubscription, echoSecret: boolean): Record<string, unknown> {
	const { header_auth_value, ...rest } = sub;
	return echoSecret ? { ...rest, header_auth_value } : rest;
}

/** One tenant's subscriptions (the map is the caller's, and stays the state). */
export class WebhookSubscriptionApi {
	constructor(
		readonly subscriptions: Map<string, WebhookSubscription>,
		private readonly options: WebhookApiOptions,
	) {}

	/** POST /webhooks with `{"webhook": {…}}`. */
	create(body: unknown): WebhookApiResult {
		return this.answer(() => {
			const input = parseWebhookInput(unwrap(body, 'webhook', true), true);
			const sub: WebhookSubscription = {
				id: this.options.newId(),
				event: input.event ?? '',
				url_template: input.url_template ?? '',
				description: input.description ?? null,
				enabled: input.enabled ?? true,
				header_auth_key: input.header_auth_key ?? null,
				header_auth_value: input.header_auth_value ?? null,
				created_at: this.options.now(),
			};
			this.subscriptions.set(sub.id, sub);
			return { status: 200, body: { webhook: this.view(sub) } };
		});
	}

	/** GET /webhooks?page&per_page: oldest first, 1-based pages, an empty array past the end. */
	list(query: Record<string, string | string[]>): WebhookApiResult {
		return this.answer(() => {
			const page = paginate(byCreatedAt(this.subscriptions), query, this.options);
			return { status: 200, body: { webhooks: page.map((sub) => this.view(sub)) } };
		});
	}

	/** GET /webhooks/{id}. */
	get(id: string): WebhookApiResult {
		return this.answer(() => ({ status: 200, body: { webhook: this.view(this.find(id)) } }));
	}

	/** PUT /webhooks/{id} with a partial `{"webhook": {…}}`. */
	update(id: string, body: unknown): WebhookApiResult {
		return this.answer(() => {
			const sub = { ...this.find(id), ...parseWebhookInput(unwrap(body, 'webhook', true), false) };
			this.subscriptions.set(id, sub);
			return { status: 200, body: { webhook: this.view(sub) } };
		});
	}

	/** DELETE /webhooks/{id}: 204 without a body. */
	remove(id: string): WebhookApiResult {
		return this.answer(() => {
			this.find(id);
			this.subscriptions.delete(id);
			return { status: 204 };
		});
	}

	private find(id: string): WebhookSubscription {
		const sub = this.subscriptions.get(id);
		if (!sub) throw new HttpError(404, 'Not Found');
		return sub;
	}

	private view(sub: WebhookSubscription): Record<string, unknown> {
		return webhookView(sub, this.options.echoSecret);
	}

	/** Validation and lookup failures become Aurora-style error answers; anything else is a bug and throws. */
	private answer(run: () => WebhookApiResult): WebhookApiResult {
		try {
			return run();
		} catch (err) {
			if (err instanceof HttpError) return errorResult(err.status, err.message, err.headers);
			throw err;
		}
	}
}
