/**
 * Small helpers shared by the action-node tests: run the Aurora Solar node in a test context,
 * capture what it returned or threw, and give nock a scope that insists on the bearer header.
 */
import nock from 'nock';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { AURORA, TOKEN, executeContext } from '../../support/contexts';
import { useNock as useNockSetup } from '../../support/nock';

export const LEAD_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const LEAD_ID_2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const PROJECT_ID = '9b2d1e7a-4c3f-4e21-8f0a-5d6c7b8a9e10';
export const DESIGN_ID = 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6';
export const WEBHOOK_ID = 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9';

/** A resource locator value as n8n hands it to the node. */
export function byId(value: string): IDataObject {
	return { __rl: true, mode: 'id', value };
}

/** Aurora, as nock sees it, accepting only requests that carry the right bearer token. */
export function aurora(options: { token?: string } = {}): nock.Scope {
	return nock(AURORA, { reqheaders: { authorization: `Bearer ${options.token ?? TOKEN}` } });
}

/**
 * The action tests' set-up: the shared nock set-up (no real network, interceptors removed between
 * tests), and back-off waits shrunk so that an unexpected request fails in milliseconds instead of
 * after minutes.
 */
export function useNock(): void {
	useNockSetup();
}

export interface RunOptions {
	parameters: IDataObject | IDataObject[];
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
}

export interface RunResult {
	output: INodeExecutionData[];
	/** What the node handed to httpRequestWithAuthentication, after authentication. */
	requests: IHttpRequestOptions[];
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const requests: IHttpRequestOptions[] = [];
	const context = executeContext({ ...options, requests });
	const [output] = await new AuroraSolar().execute.call(context);
	return { output, requests };
}

export type NodeFailure = Error & {
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
};

/** Runs the node and returns what it threw; fails the test if it did not throw. */
export async function runNodeFailure(options: RunOptions): Promise<NodeFailure & { requests: IHttpRequestOptions[] }> {
	const requests: IHttpRequestOptions[] = [];
	const context = executeContext({ ...options, requests });
	try {
		await new AuroraSolar().execute.call(context);
	} catch (error) {
		// Not enumerable, so that scanning the error for the token does not find it in these headers.
		return Object.defineProperty(error as NodeFailure, 'requests', { value: requests, enumerable: false }) as NodeFailure & {
			requests: IHttpRequestOptions[];
		};
	}
	throw new Error('Expected the node to fail, but it succeeded');
}

/** Every string reachable from a value (message, description, cause, errorResponse…), cycles skipped. */
export function allStrings(value: unknown, seen = new Set<unknown>(), depth = 0): string[] {
	if (typeof value === 'string') return [value];
	if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return [];
	seen.add(value);
	const strings: string[] = [];
	const keys = new Set<string>([...Object.keys(value), ...(value instanceof Error ? ['message', 'stack', 'cause'] : [])]);
	for (const key of keys) {
		strings.push(...allStrings((value as Record<string, unknown>)[key], seen, depth + 1));
	}
	return strings;
}

/** Counts every request a scope answers, matched or not by later interceptors. */
export function countRequests(scope: nock.Scope): () => number {
	let count = 0;
	scope.on('request', () => count++);
	return () => count;
}

/** Records the raw request bodies a scope received, in order. */
export function recordBodies(scope: nock.Scope): string[] {
	const bodies: string[] = [];
	scope.on('request', (_req: unknown, _interceptor: unknown, body: string) => bodies.push(body));
	return bodies;
}
