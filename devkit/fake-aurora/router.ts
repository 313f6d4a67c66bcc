/**
 * Minimal path router. It tells "no such path" (404) apart from "path exists, wrong verb" (405),
 * because Aurora documents both codes and clients should surface them differently.
 */
import type { IncomingMessage } from 'node:http';
import { errorResult, HttpError, readJsonBody, type RouteResult } from './http';

export type Params = Record<string, string>;

export interface Route<C> {
	method: string;
	/** Segments separated by '/', `:name` captures one segment. '/' is the root. */
	pattern: string;
	handler: (ctx: C, params: Params) => RouteResult | Promise<RouteResult>;
}

export type RouteMatch<C> =
	| { kind: 'found'; route: Route<C>; params: Params }
	| { kind: 'method-not-allowed'; allow: string[] }
	| { kind: 'not-found' };

function splitPath(path: string): string[] {
	return path.split('/').filter((s) => s !== '');
}

function matchPattern(pattern: string, segments: string[]): Params | undefined {
	const parts = splitPath(pattern);
	if (parts.length !== segments.length) return undefined;
	const params: Params = {};
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		if (part.startsWith(':')) {
			try {
				params[part.slice(1)] = decodeURIComponent(segments[i]);
			} catch {
				return undefined;
			}
		} else if (part !== segments[i]) {
			return undefined;
		}
	}
	return params;
}

export function matchRoute<C>(routes: ReadonlyArray<Route<C>>, method: string, path: string): RouteMatch<C> {
	const segments = splitPath(path);
	const allow: string[] = [];
	for (const route of routes) {
		const params = matchPattern(route.pattern, segments);
		if (!params) continue;
		if (route.method === method) return { kind: 'found', route, params };
		allow.push(route.method);
	}
	return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}

export function toErrorResult(err: unknown): RouteResult {
	if (err instanceof HttpError) return errorResult(err.status, err.message, err.headers);
	// A bug in the fake: say so loudly on stderr, answer like Aurora's rare 5xx.
	console.error('[fake-aurora] handler crashed:', err);
	return errorResult(500, 'Internal Server Error');
}

/**
 * Matches, runs the optional guard (auth-like checks that only make sense for an existing
 * route), reads the JSON body and calls the handler. Errors become `{"error": ...}` answers.
 */
export async function dispatch<C>(
	routes: ReadonlyArray<Route<C>>,
	req: IncomingMessage,
	path: string,
	makeContext: (body: unknown) => C,
	guard?: () => RouteResult | undefined,
): Promise<RouteResult> {
	const method = req.method ?? 'GET';
	const match = matchRoute(routes, method, path);
	if (match.kind === 'not-found') return errorResult(404, 'Not Found');
	if (match.kind === 'method-not-allowed') {
		return errorResult(405, 'Method Not Allowed', { allow: match.allow.join(', ') });
	}
	const denied = guard?.();
	if (denied) return denied;
	try {
		const body = method === 'GET' || method === 'HEAD' ? undefined : await readJsonBody(req);
		return await match.route.handler(makeContext(body), match.params);
	} catch (err) {
		return toErrorResult(err);
	}
}
