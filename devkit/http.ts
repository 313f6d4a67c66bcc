/** Minimal JSON-friendly HTTP client on undici (never axios/node-fetch). */
import { request } from 'undici';

export interface HttpOptions {
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings and Buffers as-is. */
	body?: unknown;
	query?: Record<string, string | number | boolean | undefined>;
	timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** Parsed body when it is JSON, else undefined. */
	json: T | undefined;
}

export function withQuery(url: string, query?: HttpOptions['query']): string {
	if (!query) return url;
	// encodeURIComponent, not URLSearchParams: n8n's public API rejects "+" for spaces in JSON filters.
	const pairs = Object.entries(query)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
	if (pairs.length === 0) return url;
	return `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}

export async function http<T = unknown>(method: string, url: string, opts: HttpOptions = {}): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json, */*', ...opts.headers };
	let body: string | Buffer | undefined;
	if (opts.body !== undefined) {
		if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) body = opts.body;
		else {
			body = JSON.stringify(opts.body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
		}
	}
	const timeout = opts.timeoutMs ?? 30_000;
	const res = await request(withQuery(url, opts.query), {
		method: method.toUpperCase() as 'GET',
		headers,
		body,
		headersTimeout: timeout,
		bodyTimeout: timeout,
	});
	const text = await res.body.text();
	let json: T | undefined;
	try {
		json = text ? (JSON.parse(text) as T) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, json };
}

/** The value of one cookie from a response's set-cookie header(s). */
export function cookieFrom(res: HttpResponse, name: string): string | undefined {
	const raw = res.headers['set-cookie'];
	const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
	for (const c of list) {
		const [pair] = c.split(';');
		const eq = pair.indexOf('=');
		if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
	}
	return undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
