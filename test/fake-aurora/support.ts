/**
 * Calling the in-process fake Aurora the way a client does, and a webhook receiver standing in for n8n:
 * shared by the fake's test files.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { defaultConfig } from '../../devkit/fake-aurora/config';
import { DEFAULT_TENANT_ID, DEFAULT_TOKEN, startFakeAurora, type FakeAurora } from '../../devkit/fake-aurora/server';

/** The fake and its admin client, once the file's beforeAll has started it. */
export interface FakeAuroraHandle {
	fake: FakeAurora;
	admin: FakeAuroraClient;
}

/**
 * One fake Aurora in this process for the whole test file, with its configuration and data back to the
 * defaults before each test, so that no test sees what another left.
 */
export function useFakeAurora(): FakeAuroraHandle {
	const handle = {} as FakeAuroraHandle;
	beforeAll(async () => {
		handle.fake = await startFakeAurora();
		handle.admin = new FakeAuroraClient(handle.fake.url);
	});
	afterAll(async () => {
		await handle.fake.close();
	});
	beforeEach(async () => {
		Object.assign(handle.fake.config, defaultConfig());
		await handle.admin.reset();
	});
	return handle;
}

/** What JSON.parse gives: the tests poke at arbitrary JSON. */
type ParsedJson = ReturnType<typeof JSON.parse>;

export interface ApiResponse<T = ParsedJson> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: T;
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
export type CallOptions = { token?: string | null; body?: unknown; tenantId?: string };

/**
 * The API (below `/tenants/<tenantId>`, the default tenant unless said) or the admin API (`/__admin…`) of
 * the fake at `baseUrl()`, with the default key unless `token` says otherwise (`null`: no key).
 */
export function fakeApi(baseUrl: () => string) {
	async function call<T = ApiResponse['json']>(method: ApiMethod, urlPath: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
		const token = options.token === undefined ? DEFAULT_TOKEN : options.token;
		const headers: Record<string, string> = {};
		if (token !== null) headers.authorization = `Bearer ${token}`;
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		const prefix = urlPath.startsWith('/__admin') ? '' : `/tenants/${options.tenantId ?? DEFAULT_TENANT_ID}`;
		const res = await request(`${baseUrl()}${prefix}${urlPath}`, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const text = await res.body.text();
		let json: unknown;
		try {
			json = text === '' ? undefined : JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.statusCode, headers: res.headers, text, json: json as T };
	}

	/** A webhook subscription made through the API, enabled; its id. */
	async function subscribe(event: string, urlTemplate: string, extra: Record<string, unknown> = {}): Promise<string> {
		const res = await call<{ webhook: { id: string } }>('POST', '/webhooks', { body: { webhook: { event, url_template: urlTemplate, enabled: true, ...extra } } });
		expect(res.status).toBe(200);
		return res.json.webhook.id;
	}

	return { call, subscribe };
}

/** A delivery the receiver got. */
export interface Received {
	url: string;
	headers: IncomingHttpHeaders;
	method: string;
}

/** A webhook receiver standing in for n8n; `respond` decides each answer. */
export async function startReceiver(respond: (n: number) => { status: number; delayMs?: number; headers?: Record<string, string> } = () => ({ status: 200 })) {
	const received: Received[] = [];
	const server: Server = createServer((req, res) => {
		received.push({ url: req.url ?? '', headers: req.headers, method: req.method ?? '' });
		const { status, delayMs, headers } = respond(received.length);
		const answer = () => {
			if (!res.destroyed) res.writeHead(status, headers).end('ok');
		};
		if (delayMs) setTimeout(answer, delayMs);
		else answer();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const close = () =>
		new Promise<void>((r) => {
			server.closeAllConnections();
			server.close(() => r());
		});
	return { base, received, close };
}
