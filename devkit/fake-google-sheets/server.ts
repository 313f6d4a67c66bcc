/**
 * A fake Google Sheets API that a real, unmodified n8n reaches through its ordinary proxy settings.
 *
 * n8n sends every node's HTTPS request through `HTTPS_PROXY`, so this starts an intercepting proxy on
 * loopback (devkit/intercept): a `CONNECT` to `sheets.googleapis.com:443` or `oauth2.googleapis.com:443`
 * is answered here, over TLS with a throw-away CA that n8n trusts through `NODE_EXTRA_CA_CERTS`. Any
 * other host is refused (502), so nothing leaves the machine. `NO_PROXY` keeps loopback (the fake
 * Aurora) direct.
 *
 * Authentication is the node's *Service Account* path: n8n signs a JWT with the credential's private
 * key and posts it to `oauth2.googleapis.com/token` before every Sheets call; the fake verifies the
 * signature with the matching public key and answers with an access token that the Sheets routes then
 * require. The operations' code is the same for OAuth2 and service-account credentials (the node's
 * `transport/index.js` `apiRequest` differs only in how it adds `Authorization`).
 *
 *   const sheets = await startFakeGoogleSheets({ latencyMs: 100 });
 *   const id = sheets.createSpreadsheet('Leads', ['Lead ID', 'Email']);
 *   // n8n env: sheets.env; credential googleApi: sheets.serviceAccount
 *   sheets.rows(id, 'Leads');   // what a person sees in the sheet
 *   await sheets.close();
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import type http from 'node:http';

import { startInterceptProxy } from '../intercept/intercept-proxy';
import { SheetsError, SheetsModel, type Cell } from './sheets';

export const SHEETS_HOST = 'sheets.googleapis.com';
export const TOKEN_HOST = 'oauth2.googleapis.com';

export interface FakeGoogleSheetsOptions {
	/** Added before each API call is applied, like the network and Google's own processing. Default 100 ms. */
	latencyMs?: number;
}

export interface SheetsRequest {
	at: number;
	host: string;
	method: string;
	path: string;
	status: number;
	/** The error the fake answered with, if any. */
	error?: string;
}

export interface FakeGoogleSheets {
	/** `http://127.0.0.1:<port>`: n8n's HTTPS_PROXY. */
	proxyUrl: string;
	/** Environment for n8n: HTTPS_PROXY, NO_PROXY (loopback stays direct) and NODE_EXTRA_CA_CERTS. */
	env: Record<string, string>;
	/** Data for an n8n `googleApi` (Service Account) credential the fake accepts. */
	serviceAccount: { email: string; privateKey: string };
	latencyMs: number;
	createSpreadsheet(sheetTitle: string, header: string[]): string;
	rows(spreadsheetId: string, sheetTitle: string): Cell[][];
	requests: SheetsRequest[];
	/** CONNECT requests for hosts the fake does not answer for (refused). */
	refusedHosts: string[];
	close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function send(res: http.ServerResponse, status: number, body: unknown): number {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
	return status;
}

function googleError(res: http.ServerResponse, error: SheetsError): number {
	return send(res, error.code, { error: { code: error.code, message: error.message, status: error.status } });
}

/** Verifies an RS256 JWT bearer assertion; returns its claims. */
function verifyAssertion(assertion: string, publicKeyPem: string): Record<string, unknown> {
	const [header, payload, signature] = assertion.split('.');
	if (!header || !payload || !signature) throw new SheetsError(400, 'invalid_grant: malformed assertion');
	const ok = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'));
	if (!ok) throw new SheetsError(400, 'invalid_grant: Invalid JWT Signature.');
	return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function startFakeGoogleSheets(options: FakeGoogleSheetsOptions = {}): Promise<FakeGoogleSheets> {
	const latencyMs = options.latencyMs ?? 100;
	const { privateKey, publicKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	const serviceAccount = { email: 'aurora-e2e@fake-project.iam.gserviceaccount.com', privateKey };
	const model = new SheetsModel();
	const tokens = new Set<string>();
	const requests: SheetsRequest[] = [];

	async function token(req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
		const form = new URLSearchParams(await readBody(req));
		if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw new SheetsError(400, 'unsupported_grant_type');
		const claims = verifyAssertion(form.get('assertion') ?? '', publicKey);
		if (claims.iss !== serviceAccount.email || claims.aud !== `https://${TOKEN_HOST}/token`) throw new SheetsError(400, 'invalid_grant: wrong issuer or audience');
		const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
		tokens.add(accessToken);
		return send(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
	}

	async function sheetsApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<number> {
		const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (!bearer || !tokens.has(bearer)) throw new SheetsError(401, 'Request had invalid authentication credentials.');
		const match = /^\/v4\/spreadsheets\/([^/:]+)(?::(batchUpdate)|\/values(?::(batchUpdate)|\/(.+?)(?::(append))?))?$/.exec(url.pathname);
		if (!match) throw new SheetsError(404, `The fake has no route for ${req.method} ${url.pathname}`);
		const [, id, spreadsheetBatch, valuesBatch, rawRange, append] = match;
		const range = rawRange === undefined ? undefined : decodeURIComponent(rawRange);
		const body = req.method === 'GET' ? {} : (JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>);
		const values = (body.values ?? []) as Cell[][];
		if (req.method === 'GET' && range === undefined && !spreadsheetBatch && !valuesBatch) return send(res, 200, model.properties(id));
		if (req.method === 'GET' && range !== undefined) return send(res, 200, model.getValues(id, range, url.searchParams.get('valueRenderOption') ?? 'FORMATTED_VALUE'));
		if (req.method === 'PUT' && range !== undefined) return send(res, 200, model.update(id, range, values));
		if (req.method === 'POST' && range !== undefined && append) return send(res, 200, model.append(id, range, values));
		if (req.method === 'POST' && valuesBatch) return send(res, 200, model.batchUpdateValues(id, (body.data ?? []) as Array<{ range: string; values: Cell[][] }>));
		if (req.method === 'POST' && spreadsheetBatch) return send(res, 200, model.batchUpdate(id, (body.requests ?? []) as Array<Record<string, unknown>>));
		throw new SheetsError(404, `The fake has no route for ${req.method} ${url.pathname}`);
	}

	async function handle(host: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', `https://${host}`);
		let status: number;
		let message: string | undefined;
		try {
			await sleep(latencyMs);
			if (host === TOKEN_HOST && req.method === 'POST' && url.pathname === '/token') status = await token(req, res);
			else if (host === SHEETS_HOST) status = await sheetsApi(req, res, url);
			else throw new SheetsError(404, `unknown host ${host}`);
		} catch (error) {
			const failure = error instanceof SheetsError ? error : new SheetsError(400, (error as Error).message);
			message = failure.message;
			status = googleError(res, failure);
		}
		requests.push({ at: Date.now(), host, method: req.method ?? '', path: `${url.pathname}${url.search}`, status, ...(message ? { error: message } : {}) });
	}

	const proxy = await startInterceptProxy({ hosts: [SHEETS_HOST, TOKEN_HOST], handler: handle });
	let spreadsheets = 0;

	return {
		proxyUrl: proxy.proxyUrl,
		env: proxy.env,
		serviceAccount,
		latencyMs,
		createSpreadsheet(sheetTitle, header) {
			const id = `1FakeSheet${String(++spreadsheets).padStart(3, '0')}${randomBytes(8).toString('hex')}`;
			model.create(id, sheetTitle, header);
			return id;
		},
		rows: (id, title) => model.rows(id, title),
		requests,
		refusedHosts: proxy.refusedHosts,
		close: () => proxy.close(),
	};
}
