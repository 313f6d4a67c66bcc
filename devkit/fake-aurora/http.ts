/**
 * Small HTTP helpers on top of node:http: JSON bodies, errors as values, query parsing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteResult {
	status: number;
	/** Omitted for 204. */
	body?: unknown;
	headers?: Record<string, string>;
}

/** Thrown by handlers to answer with an error; the message becomes `{"error": message}`. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export function sendJson(res: ServerResponse, result: RouteResult): void {
	if (res.headersSent || res.destroyed) return;
	const headers: Record<string, string> = { ...result.headers };
	if (result.body === undefined) {
		res.writeHead(result.status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(result.body);
	headers['content-type'] = 'application/json; charset=utf-8';
	headers['content-length'] = String(Buffer.byteLength(text));
	res.writeHead(result.status, headers);
	res.end(text);
}

export function errorResult(status: number, message: string, headers?: Record<string, string>): RouteResult {
	return { status, body: { error: message }, headers };
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; an empty body is `undefined`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buf = chunk as Buffer;
		size += buf.length;
		if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Payload Too Large');
		chunks.push(buf);
	}
	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new HttpError(400, 'Bad Request: body is not valid JSON');
	}
}

export function parseQuery(url: URL): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of url.searchParams) {
		const prev = query[key];
		query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return query;
}

export function firstValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Unwraps Aurora's singular request envelope (`{"project": {...}}`). A missing envelope is a
 * payload error (422, "missing mandatory parameters"); an optional one yields `{}`.
 */
export function unwrap(body: unknown, key: string, required: boolean): Record<string, unknown> {
	if (body === undefined && !required) return {};
	if (!isRecord(body)) throw new HttpError(422, `request body must be a JSON object with a "${key}" object`);
	const inner = body[key];
	if (inner === undefined && !required) return {};
	if (!isRecord(inner)) throw new HttpError(422, `"${key}" is required and must be an object`);
	return inner;
}
