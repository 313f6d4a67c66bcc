import { NodeOperationError } from 'n8n-workflow';

import { isObject } from './envelope';

/** What a thrown transport failure turns out to be, once n8n's wrapping is peeled off. */
export interface ThrownFailure {
	kind: 'network' | 'http' | 'cancelled' | 'configuration';
	code?: string;
	status?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
}

/**
 * n8n wraps transport failures differently across versions (an AxiosError inside a NodeApiError,
 * sometimes twice). Walk the cause chain and report what we need: a network code, an HTTP answer
 * that slipped through as an error, or whether the execution was cancelled.
 */
export function classifyThrown(error: unknown): ThrownFailure {
	const chain: Record<string, unknown>[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && (isObject(current) || current instanceof Error); depth++) {
		if (current instanceof NodeOperationError) return { kind: 'configuration' };
		chain.push(current as unknown as Record<string, unknown>);
		const link = current as unknown as Record<string, unknown>;
		current = link.cause ?? link.error;
	}
	for (const link of chain) {
		const code = typeof link.code === 'string' ? link.code : undefined;
		if (code === 'ERR_CANCELED' || link.name === 'AbortError' || link.name === 'CanceledError') {
			return { kind: 'cancelled', code };
		}
		const response = link.response;
		if (isObject(response) && typeof response.status === 'number') {
			return {
				kind: 'http',
				status: response.status,
				body: response.data,
				headers: isObject(response.headers) ? (response.headers as Record<string, unknown>) : {},
			};
		}
	}
	for (const link of chain) {
		const code = typeof link.code === 'string' ? link.code : undefined;
		if (code && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_BAD_REQUEST') return { kind: 'network', code };
	}
	const message = chain.map((link) => String(link.message ?? '')).join(' ');
	if (/timeout/i.test(message)) return { kind: 'network', code: 'ETIMEDOUT' };
	if (/socket hang up/i.test(message)) return { kind: 'network', code: 'ECONNRESET' };
	return { kind: 'network', code: 'network error' };
}
