/**
 * Entry point: starts a fake Aurora Solar API on node:http. `/__admin/*` is the fake's own
 * control API (no auth); everything else is the Aurora API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiRequest } from './api';
import { defaultTenants, resolveConfig } from './config';
import type { AdminContext, FakeParts } from './context';
import { DeliveryEngine } from './deliveries';
import { FaultRegistry } from './faults';
import { parseQuery, sendJson } from './http';
import { RateLimiter } from './rate-limit';
import { dispatch, toErrorResult } from './router';
import { adminRoutes } from './routes/admin';
import { FakeStore } from './store';
import { TimerSet } from './timers';
import type { EventAttributes, FakeAuroraConfig, FakeAuroraOptions } from './types';

export type { FakeAuroraConfig, FakeAuroraOptions } from './types';
export { DEFAULT_TENANT_ID, DEFAULT_TOKEN, OTHER_TENANT_ID, OTHER_TENANT_TOKEN, RESTRICTED_TOKEN } from './config';

export interface FakeAurora {
	/** e.g. `http://127.0.0.1:4010`; the API lives under `${url}/tenants/{tenantId}`. */
	url: string;
	port: number;
	/** The first configured tenant and its first token: what a test usually authenticates as. */
	tenantId: string;
	token: string;
	store: FakeStore;
	/** Live config; mutate it directly in-process or via `POST /__admin/config`. */
	config: FakeAuroraConfig;
	faults: FaultRegistry;
	deliveries: DeliveryEngine;
	/** Fires an event for a tenant (default: the first) and delivers it; returns matched subscriptions. */
	fire(event: string, attributes?: EventAttributes, tenantId?: string): number;
	close(): Promise<void>;
}

const ADMIN_PREFIX = '/__admin';

async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, url: URL, parts: FakeParts): Promise<void> {
	const path = url.pathname.slice(ADMIN_PREFIX.length) || '/';
	const query = parseQuery(url);
	const now = new Date().toISOString();
	const makeContext = (body: unknown): AdminContext => ({ ...parts, query, body, now });
	sendJson(res, await dispatch(adminRoutes, req, path, makeContext));
}

export async function startFakeAurora(options: FakeAuroraOptions = {}): Promise<FakeAurora> {
	const config = resolveConfig(options);
	const tenants = options.tenants ?? defaultTenants();
	const store = new FakeStore(tenants);
	const deliveries = new DeliveryEngine(store, config);
	const timers = new TimerSet();
	const parts: FakeParts = { store, config, deliveries, faults: new FaultRegistry(), rateLimiter: new RateLimiter(), timers };
	const closing = new AbortController();

	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://fake-aurora.local');
		const isAdmin = url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`);
		const work = isAdmin ? handleAdminRequest(req, res, url, parts) : handleApiRequest(req, res, url, parts, closing.signal);
		work.catch((err: unknown) => sendJson(res, toErrorResult(err)));
	});
	// Idle keep-alive sockets should not hold a closing server open for long.
	server.keepAliveTimeout = 2_000;
	server.on('clientError', (_err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const urlHost = host.includes(':') ? `[${host}]` : host;

	let closed: Promise<void> | undefined;
	const close = (): Promise<void> => {
		closed ??= (async () => {
			closing.abort();
			timers.cancelAll();
			const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
			// Also ends sockets held open by 'timeout' faults and in-flight keep-alive requests.
			server.closeAllConnections();
			await deliveries.close();
			await stopped;
		})();
		return closed;
	};

	const first = tenants[0];
	return {
		url: `http://${urlHost}:${port}`,
		port,
		tenantId: first?.tenantId ?? '',
		token: first?.tokens[0] ?? '',
		store,
		config,
		faults: parts.faults,
		deliveries,
		fire: (event, attributes = {}, tenantId = store.defaultTenantId) => deliveries.fire(tenantId, event, attributes, true),
		close,
	};
}
