import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import type { AuroraConnection } from '../../../credentials/environment';
import { readConnection } from '../../../credentials/environment';
import type { AuroraContext } from './context';
import { CREDENTIAL_TYPE } from './context';
import type { AuroraFailure } from './errors';
import { auroraApiError, extractAuroraMessage } from './errors';
import { isObject, unwrapOne } from './envelope';
import { classifyThrown } from './network-error';
import { asNodeError } from './node-error';
import type { RetryBudget } from './retry';
import { ACTION_BUDGET, backoffMs, mayHaveActed, mayRetry, parseRetryAfter } from './retry';
import type { CreatedObject } from './uncertain-create';

export interface AuroraRequest {
	method: IHttpRequestMethods;
	/** Path below `/tenants/{tenant_id}`, starting with `/`; empty for the tenant itself. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Names the object in a 404 message, e.g. `Lead "3fa85f64-…"`. */
	subject?: string;
	itemIndex?: number;
	/** Values sent in this request that must never come back in a message, e.g. a webhook secret. */
	redact?: string[];
	/** Rewrites Aurora's error text before it reaches a message: for secrets an answer may quote that this request did not send. */
	scrub?: (text: string) => string;
	/**
	 * Set on a request that creates something. It is then repeated only after a failure that proves
	 * Aurora did not act on it (connection refused, DNS failure, 429), never after a timeout, a reset,
	 * a 5xx or an unreadable answer: the error then says the object may exist and how to check.
	 */
	creates?: CreatedObject;
}

export type AuroraResult =
	| { ok: true; status: number; body: unknown; headers: Record<string, unknown> }
	| { ok: false; failure: AuroraFailure };

/** The checked credential (see credentials/environment.ts), and its data to hand to n8n for authentication. */
export interface Connection extends AuroraConnection {
	credentials: ICredentialDataDecryptedObject;
}

/** Reads the credential once per call and checks it once: base URL, tenant, and the key/environment match. */
export async function resolveConnection(this: AuroraContext, itemIndex?: number): Promise<Connection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const connection = readConnection(credentials);
	if ('problem' in connection) {
		const { problem, description } = connection;
		throw new NodeOperationError(this.getNode(), problem, { ...(description !== undefined ? { description } : {}), itemIndex });
	}
	return { ...connection, credentials };
}

function credentialReference(context: AuroraContext): { id: string; name: string } {
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: reference?.id ?? '', name: reference?.name ?? '' };
}

function parseBody(raw: unknown): { value: unknown; malformed: boolean } {
	if (raw === undefined || raw === null || raw === '') return { value: undefined, malformed: false };
	if (typeof raw !== 'string') return { value: raw, malformed: false };
	try {
		return { value: JSON.parse(raw), malformed: false };
	} catch {
		return { value: raw, malformed: true };
	}
}

/**
 * One Aurora call with retries: 429 waits as Retry-After says, 5xx / timeouts / network errors /
 * unreadable bodies back off, all under one overall deadline (a creating request retries less, see
 * `creates`). Returns a failure instead of throwing for anything Aurora answered, so callers can
 * treat 404 as a normal outcome.
 */
export async function auroraCall(
	this: AuroraContext,
	request: AuroraRequest,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<AuroraResult> {
	const connection = await resolveConnection.call(this, request.itemIndex);
	const started = Date.now();
	const deadline = started + budget.deadlineMs;
	let last: AuroraFailure = { attempts: 0, baseUrl: connection.baseUrl, subject: request.subject };
	const creates = request.creates !== undefined;

	for (let attempt = 1; attempt <= budget.maxAttempts; attempt++) {
		const remaining = deadline - Date.now();
		if (attempt > 1 && remaining <= 0) break;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${connection.baseUrl}/tenants/${encodeURIComponent(connection.tenantId)}${request.path}`,
			qs: request.qs,
			body: request.body,
			json: true,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: Math.max(250, Math.min(budget.attemptTimeoutMs, remaining)),
		};
		if (request.body === undefined) delete options.body;
		if (request.qs === undefined) delete options.qs;

		let status: number;
		let rawBody: unknown;
		let headers: Record<string, unknown> = {};
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				// Already decrypted above; without this n8n decrypts and resolves the credential again per request.
				{ credentialsDecrypted: { ...credentialReference(this), type: CREDENTIAL_TYPE, data: connection.credentials } },
			)) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
			status = response.statusCode;
			rawBody = response.body;
			headers = response.headers ?? {};
		} catch (error) {
			const thrown = classifyThrown(error);
			if (thrown.kind === 'configuration' || thrown.kind === 'cancelled') {
				throw asNodeError(this.getNode(), error, request.itemIndex);
			}
			if (thrown.kind === 'network') {
				// Aurora's text from an earlier attempt would describe that attempt, not this one.
				last = { ...last, attempts: attempt, status: undefined, networkCode: thrown.code, malformedBody: false, auroraMessage: undefined };
				if (!mayRetry(last, creates) || !(await waitBeforeRetry(budget, attempt, deadline, undefined))) break;
				continue;
			}
			status = thrown.status ?? 0;
			rawBody = thrown.body;
			headers = thrown.headers ?? {};
		}

		const parsed = parseBody(rawBody);
		if (status >= 200 && status < 300) {
			if (!parsed.malformed) return { ok: true, status, body: parsed.value, headers };
			last = { ...last, attempts: attempt, status: undefined, networkCode: undefined, malformedBody: true, auroraMessage: undefined };
			if (!mayRetry(last, creates) || !(await waitBeforeRetry(budget, attempt, deadline, undefined))) break;
			continue;
		}

		const retryAfterSeconds = parseRetryAfter(headers['retry-after'] ?? headers['Retry-After']);
		// Never let the token travel into a message, even if a proxy echoes request headers back.
		const auroraMessage = extractAuroraMessage(parsed.value, [connection.token, ...(request.redact ?? [])]);
		last = {
			...last,
			attempts: attempt,
			status,
			networkCode: undefined,
			malformedBody: false,
			retryAfterSeconds,
			auroraMessage: auroraMessage !== undefined && request.scrub ? request.scrub(auroraMessage) : auroraMessage,
		};
		const waitFor = status === 429 && retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined;
		if (!mayRetry(last, creates) || !(await waitBeforeRetry(budget, attempt, deadline, waitFor))) break;
	}
	if (request.creates && mayHaveActed(last)) return { ok: false, failure: { ...last, mayHaveCreated: request.creates } };
	return { ok: false, failure: last };
}

/** Sleeps before the next attempt; false when no attempt is left or the wait would pass the deadline. */
async function waitBeforeRetry(
	budget: RetryBudget,
	attempt: number,
	deadline: number,
	requestedMs: number | undefined,
): Promise<boolean> {
	if (attempt >= budget.maxAttempts) return false;
	const waitMs = requestedMs ?? backoffMs(budget, attempt);
	// Leave at least a short attempt after the wait, or there is no point waiting.
	if (Date.now() + waitMs + 250 > deadline) return false;
	if (waitMs > 0) await (budget.sleep ?? sleep)(waitMs);
	return true;
}

/** Like auroraCall, but any failure becomes a NodeApiError that says what happened and how to fix it. */
export async function auroraRequest(
	this: AuroraContext,
	request: AuroraRequest,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<unknown> {
	const result = await auroraCall.call(this, request, budget);
	if (result.ok) return result.body;
	throw auroraApiError(this.getNode(), result.failure, request.itemIndex);
}

/**
 * A request whose answer must hold one object (wrapped as `{"<key>": {...}}` or bare). An empty
 * success is an error rather than a silent `{}`, so a workflow never stores a blank record.
 */
export async function auroraRequestOne(
	this: AuroraContext,
	request: AuroraRequest,
	key: string,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<IDataObject> {
	const body = await auroraRequest.call(this, request, budget);
	// `{"lead": null}` is an envelope with nothing in it, not a bare object that happens to say "lead".
	const emptyEnvelope = isObject(body) && key in body && !isObject(body[key]);
	const object = emptyEnvelope ? undefined : unwrapOne(body, key);
	if (object && Object.keys(object).length > 0) return object;
	// A success without the object still means Aurora acted, so a creating request says so.
	const failure: AuroraFailure = { attempts: 1, baseUrl: '', missing: { what: key.replace(/_/g, ' '), key }, mayHaveCreated: request.creates };
	throw auroraApiError(this.getNode(), failure, request.itemIndex);
}
