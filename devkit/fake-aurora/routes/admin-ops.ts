/**
 * Admin routes for running the fake: fault rules, request/delivery/event logs, config, reset,
 * health.
 */
import { parseConfigPatch } from '../config';
import type { AdminRoute } from '../context';
import { firstValue, HttpError, isRecord } from '../http';

function sinceIndex(raw: string | undefined): number {
	if (raw === undefined) return 0;
	if (!/^\d+$/.test(raw)) throw new HttpError(400, 'since must be a non-negative integer');
	return Number(raw);
}

/** Revokes or restores an API key: `{"token": "sk_…"}`. */
function tokenRoute(action: 'revoke' | 'restore'): AdminRoute {
	return {
		method: 'POST',
		pattern: `/tokens/${action}`,
		handler: (ctx) => {
			const token = isRecord(ctx.body) ? ctx.body.token : undefined;
			if (typeof token !== 'string') throw new HttpError(400, 'body must be {"token": "<API key>"}');
			const info = ctx.store.tokens.get(token);
			if (!info) throw new HttpError(404, 'unknown token');
			info.revoked = action === 'revoke';
			return { status: 200, body: { token: { tenantId: info.tenantId, restricted: info.restricted, revoked: info.revoked } } };
		},
	};
}

export const opsRoutes: AdminRoute[] = [
	tokenRoute('revoke'),
	tokenRoute('restore'),
	{ method: 'GET', pattern: '/health', handler: () => ({ status: 200, body: { ok: true } }) },
	{ method: 'POST', pattern: '/faults', handler: (ctx) => ({ status: 200, body: { fault: ctx.faults.add(ctx.body) } }) },
	{ method: 'GET', pattern: '/faults', handler: (ctx) => ({ status: 200, body: { faults: ctx.faults.list() } }) },
	{
		method: 'DELETE',
		pattern: '/faults',
		handler: (ctx) => {
			ctx.faults.clear();
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: '/requests',
		handler: (ctx) => {
			const since = sinceIndex(firstValue(ctx.query.since));
			const requests = ctx.store.requests.filter((r) => r.index >= since);
			const last = ctx.store.requests[ctx.store.requests.length - 1];
			return { status: 200, body: { requests, next: last ? last.index + 1 : since } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/requests',
		handler: (ctx) => {
			ctx.store.clearRequests();
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: '/deliveries',
		handler: (ctx) => {
			const webhookId = firstValue(ctx.query.webhookId);
			const event = firstValue(ctx.query.event);
			const deliveries = ctx.store.deliveries.filter(
				(d) => (webhookId === undefined || d.webhookId === webhookId) && (event === undefined || d.event === event),
			);
			return { status: 200, body: { deliveries, pendingRetries: ctx.deliveries.pendingRetries, inFlight: ctx.deliveries.inFlightCount } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/deliveries',
		handler: (ctx) => {
			ctx.store.deliveries.length = 0;
			return { status: 204 };
		},
	},
	{ method: 'GET', pattern: '/events', handler: (ctx) => ({ status: 200, body: { events: ctx.store.events } }) },
	{ method: 'GET', pattern: '/config', handler: (ctx) => ({ status: 200, body: { config: ctx.config } }) },
	{
		method: 'POST',
		pattern: '/config',
		handler: (ctx) => {
			try {
				Object.assign(ctx.config, parseConfigPatch(ctx.body ?? {}));
			} catch (err) {
				throw new HttpError(400, (err as Error).message);
			}
			return { status: 200, body: { config: ctx.config } };
		},
	},
	{
		method: 'POST',
		pattern: '/reset',
		handler: (ctx) => {
			ctx.deliveries.cancelAll();
			ctx.timers.cancelAll();
			ctx.store.clearData();
			for (const info of ctx.store.tokens.values()) info.revoked = false;
			ctx.faults.clear();
			ctx.rateLimiter.reset();
			return { status: 200, body: { ok: true } };
		},
	},
];
