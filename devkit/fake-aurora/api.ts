/**
 * The Aurora API request pipeline: faults (before anything, like a flaky network or proxy
 * would), bearer auth, per-key rate limit, tenant scoping, routing, restricted-key check,
 * handler. Every request is logged with a masked token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiRoute, FakeParts } from './context';
import { errorResult, parseQuery, sendJson, type RouteResult } from './http';
import { dispatch } from './router';
import { agreementRoutes } from './routes/agreements';
import { consumptionProfileRoutes } from './routes/consumption-profiles';
import { designAssetRoutes } from './routes/design-assets';
import { designRequestRoutes } from './routes/design-requests';
import { designRoutes } from './routes/designs';
import { leadRoutes } from './routes/leads';
import { projectRoutes } from './routes/projects';
import { tenantRoutes } from './routes/tenant';
import { userRoutes } from './routes/users';
import { webProposalRoutes } from './routes/web-proposals';
import { webhookRoutes } from './routes/webhooks';
import type { TokenInfo } from './store';
import type { FaultRule } from './types';

const API_ROUTES: ApiRoute[] = [
	...tenantRoutes,
	...leadRoutes,
	...projectRoutes,
	...designRoutes,
	...webhookRoutes,
	// The sales loop: what happens between a project and a signed agreement.
	...consumptionProfileRoutes,
	...designRequestRoutes,
	...agreementRoutes,
	...webProposalRoutes,
	...designAssetRoutes,
	...userRoutes,
];

const TENANT_PATH = /^\/tenants\/([^/]+)(\/.*)?$/;

export function maskToken(token: string): string {
	return `${token.slice(0, 8)}…`;
}

function bearerToken(header: string | undefined): string | undefined {
	const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return m ? m[1] : undefined;
}

/** Answers (or withholds the answer) in place of the normal handling; 'lost-answer' is handled after it. */
function applyFault(req: IncomingMessage, res: ServerResponse, rule: FaultRule): void {
	switch (rule.kind) {
		case 'status': {
			const status = rule.status ?? 500;
			const headers: Record<string, string> = rule.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : {};
			sendJson(res, errorResult(status, `Injected fault: HTTP ${status}`, headers));
			return;
		}
		case 'garbage':
			// Claims JSON, is not: what a misbehaving proxy or an HTML error page looks like to a client.
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('<html>oops');
			return;
		case 'reset':
			req.socket.destroy();
			return;
		case 'timeout':
			// Never answer; the socket is released when the client gives up or the server closes.
			return;
		case 'latency':
		case 'lost-answer':
			return;
	}
}

async function answer(req: IncomingMessage, path: string, token: TokenInfo | undefined, parts: FakeParts, query: Record<string, string | string[]>): Promise<RouteResult> {
	// A revoked key answers exactly like an unknown one.
	if (!token || token.revoked) return errorResult(401, 'Unauthorized: missing or invalid API token');
	const { config } = parts;
	if (config.rateLimitPerMinute > 0) {
		const decision = parts.rateLimiter.check(token.token, config.rateLimitPerMinute, config.rateLimitWindowMs);
		if (!decision.allowed) {
			return errorResult(429, 'Rate limit exceeded', { 'retry-after': String(decision.retryAfterSeconds) });
		}
	}
	const m = TENANT_PATH.exec(path);
	let tenantId: string | undefined;
	try {
		tenantId = m ? decodeURIComponent(m[1]) : undefined;
	} catch {
		tenantId = undefined;
	}
	// Another tenant's id answers 404, not 403: Aurora does not reveal what exists elsewhere.
	const tenant = tenantId === token.tenantId ? parts.store.tenants.get(tenantId) : undefined;
	if (!m || !tenant) return errorResult(404, 'Not Found');
	const guard = (): RouteResult | undefined =>
		token.restricted && req.method !== 'GET' ? errorResult(403, 'Forbidden: this API key is not allowed to perform this action') : undefined;
	const now = new Date().toISOString();
	return dispatch(API_ROUTES, req, m[2] ?? '/', (body) => ({ ...parts, tenant, token, query, body, now }), guard);
}

export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, url: URL, parts: FakeParts, closing: AbortSignal): Promise<void> {
	const at = new Date().toISOString();
	const started = performance.now();
	const method = req.method ?? 'GET';
	const query = parseQuery(url);
	const raw = bearerToken(req.headers.authorization);
	const decision = parts.faults.evaluate(method, url.pathname);
	const fault = decision.logKind;
	// 'close' fires for finished responses as well as for reset or abandoned sockets, so this
	// logs every request exactly once, including those a fault never answered.
	res.once('close', () => {
		parts.store.logRequest({
			at,
			method,
			path: url.pathname,
			query,
			status: res.headersSent ? res.statusCode : 0,
			token: raw === undefined ? null : maskToken(raw),
			durationMs: Math.round(performance.now() - started),
			...(fault ? { fault } : {}),
		});
	});

	if (decision.latencyMs > 0) {
		try {
			await sleep(decision.latencyMs, undefined, { signal: closing });
		} catch {
			return; // server closing
		}
	}
	const loseAnswer = decision.terminal?.kind === 'lost-answer';
	if (decision.terminal && !loseAnswer) {
		applyFault(req, res, decision.terminal);
		return;
	}
	const token = raw === undefined ? undefined : parts.store.tokens.get(raw);
	const result = await answer(req, url.pathname, token, parts, query);
	// Aurora did the work (state changed, events fired), but the answer never reaches the client.
	if (loseAnswer) req.socket.destroy();
	else sendJson(res, result);
}
