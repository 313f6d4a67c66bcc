/**
 * The HTTP face of the fake Slack Web API: `https://slack.com/api/<method>`, arguments in the query
 * string and in a JSON or form-encoded body, the token as `Authorization: Bearer` (or, in a form body or
 * the query, as `token`, which Slack also accepts). Like Slack, every API answer is HTTP 200 with
 * `ok: true` or `ok: false, error: <code>`; n8n's Slack node reads `ok`, not the status.
 */
import type http from 'node:http';

import type { InterceptHandler } from '../intercept/intercept-proxy';
import { SlackApiError, type SlackArgs, type SlackWorkspace } from './workspace';

export interface SlackRequest {
	/** When the answer was sent (ms since the epoch). */
	at: number;
	httpMethod: string;
	/** The URL path without the query, e.g. `/api/chat.postMessage`. */
	path: string;
	/** The Web API method, e.g. `chat.postMessage`; the path if it was not under /api/. */
	apiMethod: string;
	status: number;
	ok: boolean;
	/** Slack's error code, when `ok` is false. */
	error?: string;
}

type Method = (workspace: SlackWorkspace, args: SlackArgs) => Record<string, unknown>;

/** The methods n8n's Slack node v2 calls for "post a message" and for its credential test and channel picker. */
const METHODS: Record<string, Method> = {
	'chat.postMessage': (workspace, args) => workspace.postMessage(args),
	'auth.test': (workspace) => workspace.authTest(),
	'users.profile.get': (workspace) => workspace.profile(),
	'conversations.list': (workspace) => workspace.conversationsList(),
	'conversations.info': (workspace, args) => workspace.conversationsInfo(args),
};

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** A form body carries `blocks` and `attachments` as JSON text; Slack decodes them, and so does the fake. */
function decodeFormField(name: string, value: string): unknown {
	if (name !== 'blocks' && name !== 'attachments') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		throw new SlackApiError(`invalid_${name}`);
	}
}

async function readArgs(req: http.IncomingMessage, url: URL): Promise<SlackArgs> {
	const args: SlackArgs = Object.fromEntries(url.searchParams);
	const body = await readBody(req);
	if (!body) return args;
	if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
		try {
			return { ...args, ...(JSON.parse(body) as SlackArgs) };
		} catch {
			throw new SlackApiError('invalid_json');
		}
	}
	for (const [name, value] of new URLSearchParams(body)) args[name] = decodeFormField(name, value);
	return args;
}

function authenticate(req: http.IncomingMessage, args: SlackArgs, token: string): void {
	const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
	if (!bearer) throw new SlackApiError('not_authed');
	if (bearer !== token) throw new SlackApiError('invalid_auth');
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

export function createSlackHandler(workspace: SlackWorkspace, options: { latencyMs: number; requests: SlackRequest[] }): InterceptHandler {
	return async (host, req, res) => {
		const url = new URL(req.url ?? '/', `https://${host}`);
		const apiMethod = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
		const record = (status: number, error?: string): void => {
			options.requests.push({ at: Date.now(), httpMethod: req.method ?? '', path: url.pathname, apiMethod: apiMethod ?? url.pathname, status, ok: !error, ...(error ? { error } : {}) });
		};
		await sleep(options.latencyMs);
		if (!apiMethod) {
			send(res, 404, { ok: false, error: 'not_found' });
			record(404, 'not_found');
			return;
		}
		try {
			const args = await readArgs(req, url);
			authenticate(req, args, workspace.token);
			const method = METHODS[apiMethod];
			if (!method) throw new SlackApiError('unknown_method');
			send(res, 200, method(workspace, args));
			record(200);
		} catch (error) {
			if (!(error instanceof SlackApiError)) throw error;
			send(res, 200, { ok: false, error: error.error });
			record(200, error.error);
		}
	};
}
