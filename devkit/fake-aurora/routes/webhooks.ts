/**
 * Webhook subscriptions: one event per subscription (a string, never an array), a
 * url_template with <TOKEN> placeholders, optional header auth. Update is PUT with a partial
 * body, delete answers 204. Whether Aurora echoes header_auth_value on reads is unknown, so it
 * is a config switch (default: omitted).
 */
import { randomUUID } from 'node:crypto';
import type { ApiContext, ApiRoute } from '../context';
import { HttpError, unwrap } from '../http';
import { paginate } from '../paging';
import { byCreatedAt } from '../store';
import type { WebhookSubscription } from '../types';

type WebhookInput = Partial<Omit<WebhookSubscription, 'id' | 'created_at'>>;

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

export function webhookView(sub: WebhookSubscription, ctx: Pick<ApiContext, 'config'>): Record<string, unknown> {
	const { header_auth_value, ...rest } = sub;
	return ctx.config.webhookSecretEcho === 'echo' ? { ...rest, header_auth_value } : rest;
}

function findWebhook(ctx: ApiContext, id: string): WebhookSubscription {
	const sub = ctx.tenant.webhooks.get(id);
	if (!sub) throw new HttpError(404, 'Not Found');
	return sub;
}

export const webhookRoutes: ApiRoute[] = [
	{
		method: 'POST',
		pattern: '/webhooks',
		handler: (ctx) => {
			const input = parseWebhookInput(unwrap(ctx.body, 'webhook', true), true);
			const sub: WebhookSubscription = {
				id: randomUUID(),
				event: input.event ?? '',
				url_template: input.url_template ?? '',
				description: input.description ?? null,
				enabled: input.enabled ?? true,
				header_auth_key: input.header_auth_key ?? null,
				header_auth_value: input.header_auth_value ?? null,
				created_at: ctx.now,
			};
			ctx.tenant.webhooks.set(sub.id, sub);
			return { status: 200, body: { webhook: webhookView(sub, ctx) } };
		},
	},
	{
		method: 'GET',
		pattern: '/webhooks',
		handler: (ctx) => {
			const page = paginate(byCreatedAt(ctx.tenant.webhooks), ctx.query, ctx.config);
			return { status: 200, body: { webhooks: page.map((s) => webhookView(s, ctx)) } };
		},
	},
	{
		method: 'GET',
		pattern: '/webhooks/:id',
		handler: (ctx, { id }) => ({ status: 200, body: { webhook: webhookView(findWebhook(ctx, id), ctx) } }),
	},
	{
		method: 'PUT',
		pattern: '/webhooks/:id',
		handler: (ctx, { id }) => {
			const sub = { ...findWebhook(ctx, id), ...parseWebhookInput(unwrap(ctx.body, 'webhook', true), false) };
			ctx.tenant.webhooks.set(id, sub);
			return { status: 200, body: { webhook: webhookView(sub, ctx) } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/webhooks/:id',
		handler: (ctx, { id }) => {
			findWebhook(ctx, id);
			ctx.tenant.webhooks.delete(id);
			return { status: 204 };
		},
	},
];
