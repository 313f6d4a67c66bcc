/**
 * The webhook-subscription endpoints of the fake server. What they answer is decided by the pure
 * model in ../webhook-subscriptions.ts, which the unit tests' nock interceptors also use; here
 * only the request's tenant, clock and config are handed to it. Whether Aurora echoes
 * header_auth_value on reads is unknown, so it is a config switch (default: omitted).
 */
import { randomUUID } from 'node:crypto';
import type { ApiContext, ApiRoute } from '../context';
import { WebhookSubscriptionApi } from '../webhook-subscriptions';

function webhookApi(ctx: ApiContext): WebhookSubscriptionApi {
	return new WebhookSubscriptionApi(ctx.tenant.webhooks, {
		echoSecret: ctx.config.webhookSecretEcho === 'echo',
		defaultPerPage: ctx.config.defaultPerPage,
		maxPerPage: ctx.config.maxPerPage,
		ignorePaging: ctx.config.ignorePaging,
		newId: randomUUID,
		now: () => ctx.now,
	});
}

export const webhookRoutes: ApiRoute[] = [
	{ method: 'POST', pattern: '/webhooks', handler: (ctx) => webhookApi(ctx).create(ctx.body) },
	{ method: 'GET', pattern: '/webhooks', handler: (ctx) => webhookApi(ctx).list(ctx.query) },
	{ method: 'GET', pattern: '/webhooks/:id', handler: (ctx, { id }) => webhookApi(ctx).get(id) },
	{ method: 'PUT', pattern: '/webhooks/:id', handler: (ctx, { id }) => webhookApi(ctx).update(id, ctx.body) },
	{ method: 'DELETE', pattern: '/webhooks/:id', handler: (ctx, { id }) => webhookApi(ctx).remove(id) },
];
