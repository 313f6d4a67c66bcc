import { sleep } from 'n8n-workflow';
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
import { asNodeError, failureError } from './errors';
import { extractAuroraMessage, isObject, unwrapOne } from './envelope';
import type { AttemptFailure, AuroraFailure, AuroraResult, CreatedObject } from './failure';
import { attemptKind, problemFailure, settledKind } from './failure';
import { classifyThrown } from './network-error';
import type { RetryBudget } from './retry';
import { BUDGETS, backoffMs, parseRetryAfter } from './retry';

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
	 * a 5xx or an unreadable answer: the failure is then `may-have-created`, and says how to check.
	 */
	creates?: CreatedObject;
}

/** A successful answer: its status, its parsed body and its headers. */
export interface AuroraAnswer {
	status: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/** The checked credential (see credentials/environment.ts), and its data to hand to n8n for authentication. */
export interface Connection extends AuroraConnection {
	credentials: ICredentialDataDecryptedObject;
}

/**
 * Reads the credential once per call and checks it once: base URL, tenant, and the key/environment
 * match. An unusable credential is a permanent failure in its own words.
 */
export async function connect(this: AuroraContext, itemIndex?: number): Promise<AuroraResult<Connection>> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const connection = readConnection(credentials);
	if ('problem' in connection) return { ok: false, failure: problemFailure(connection.problem, connection.description ?? '') };
	return { ok: true, value: { ...connection, credentials } };
}

/** The credential, checked; an unusable one throws the error n8n shows (for set-up and the action node). */
export async function resolveConnection(this: AuroraContext, itemIndex?: number): Promise<Connection> {
	const result = await connect.call(this, itemIndex);
	if (!result.ok) throw failureError(this.getNode(), result.failure, itemIndex);
	return result.value;
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

/** One attempt as n8n's HTTP helper reports it: an answer of any status, or a failure before one. */
type Attempted = { answer: AuroraAnswer & { malformed: boolean } } | { networkCode: string } | { problem: AuroraFailure };

async function attempt(this: AuroraContext, connection: Connection, request: AuroraRequest, timeoutMs: number): Promise<Attempted> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}/tenants/${encodeURIComponent(connection.tenantId)}${request.path}`,
		json: true,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
	};
	if (request.qs !== undefined) options.qs = request.qs;
	if (request.body !== undefined) options.body = request.body;
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
			// Already decrypted above; without this n8n decrypts and resolves the credential again per request.
			{ credentialsDecrypted: { ...credentialReference(this), type: CREDENTIAL_TYPE, data: connection.credentials } },
		)) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		const parsed = parseBody(response.body);
		return { answer: { status: response.statusCode, body: parsed.value, headers: response.headers ?? {}, malformed: parsed.malformed } };
	} catch (error) {
		const thrown = classifyThrown(error);
		if (thrown.kind === 'cancelled') throw asNodeError(this.getNode(), error, request.itemIndex);
		if (thrown.kind === 'configuration') {
			// The credential's own check (a key for the other environment) refused before anything was sent.
			const { message, description } = error as Error & { description?: string };
			return { problem: problemFailure(message, description ?? '', connection.baseUrl) };
		}
		if (thrown.kind === 'network') return { networkCode: thrown.code ?? 'network error' };
		const parsed = parseBody(thrown.body);
		return { answer: { status: thrown.status ?? 0, body: parsed.value, headers: thrown.headers ?? {}, malformed: parsed.malformed } };
	}
}

/**
 * One Aurora call with retries: 429 waits as Retry-After says, `retry-now` failures back off, all
 * under one overall deadline (a creating request retries less, see `creates`). Never throws for
 * anything Aurora answered or for an unusable credential: the failure's `kind` says what it means.
 * Only a cancelled execution throws.
 */
export async function auroraCall(
	this: AuroraContext,
	request: AuroraRequest,
	budget: RetryBudget = BUDGETS.action,
): Promise<AuroraResult<AuroraAnswer>> {
	const connected = await connect.call(this, request.itemIndex);
	if (!connected.ok) return connected;
	const connection = connected.value;
	const deadline = Date.now() + budget.deadlineMs;
	const creates = request.creates !== undefined;
	let last: AuroraFailure = { kind: 'retry-now', attempts: 0, baseUrl: connection.baseUrl, subject: request.subject };
	let lastAttempt: AttemptFailure = {};

	for (let number = 1; number <= budget.maxAttempts; number++) {
		const remaining = deadline - Date.now();
		if (number > 1 && remaining <= 0) break;
		const outcome = await attempt.call(this, connection, request, Math.max(250, Math.min(budget.attemptTimeoutMs, remaining)));
		if ('problem' in outcome) return { ok: false, failure: outcome.problem };
		let waitFor: number | undefined;
		if ('networkCode' in outcome) {
			lastAttempt = { networkCode: outcome.networkCode };
			// Aurora's text from an earlier attempt would describe that attempt, not this one.
			last = { kind: attemptKind(lastAttempt, creates), attempts: number, baseUrl: connection.baseUrl, subject: request.subject, networkCode: outcome.networkCode };
		} else {
			const { status, body, headers, malformed } = outcome.answer;
			if (status >= 200 && status < 300 && !malformed) return { ok: true, value: { status, body, headers } };
			if (status >= 200 && status < 300) {
				lastAttempt = { malformedBody: true };
				last = { kind: attemptKind(lastAttempt, creates), attempts: number, baseUrl: connection.baseUrl, subject: request.subject, malformedBody: true };
			} else {
				const retryAfterSeconds = parseRetryAfter(headers['retry-after'] ?? headers['Retry-After']);
				// Never let the token travel into a message, even if a proxy echoes request headers back.
				const said = extractAuroraMessage(body, [connection.token, ...(request.redact ?? [])]);
				lastAttempt = { status };
				last = {
					kind: attemptKind(lastAttempt, creates),
					attempts: number,
					baseUrl: connection.baseUrl,
					subject: request.subject,
					status,
					...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
					...(said !== undefined ? { auroraMessage: request.scrub ? request.scrub(said) : said } : {}),
				};
				if (status === 429 && retryAfterSeconds !== undefined) waitFor = retryAfterSeconds * 1000;
			}
		}
		if (last.kind !== 'retry-now' || !(await waitBeforeRetry(budget, number, deadline, waitFor))) break;
	}
	const kind = settledKind(lastAttempt, creates);
	return { ok: false, failure: { ...last, kind, ...(kind === 'may-have-created' ? { mayHaveCreated: request.creates } : {}) } };
}

/** Sleeps before the next attempt; false when no attempt is left or the wait would pass the deadline. */
async function waitBeforeRetry(budget: RetryBudget, attempt: number, deadline: number, requestedMs: number | undefined): Promise<boolean> {
	if (attempt >= budget.maxAttempts) return false;
	const waitMs = requestedMs ?? backoffMs(budget, attempt);
	// Leave at least a short attempt after the wait, or there is no point waiting.
	if (Date.now() + waitMs + 250 > deadline) return false;
	if (waitMs > 0) await sleep(waitMs);
	return true;
}

/** Like auroraCall, but any failure throws the n8n error that says what happened and how to fix it: for the action node. */
export async function auroraRequest(
	this: AuroraContext,
	request: AuroraRequest,
	budget: RetryBudget = BUDGETS.action,
): Promise<unknown> {
	const result = await auroraCall.call(this, request, budget);
	if (result.ok) return result.value.body;
	throw failureError(this.getNode(), result.failure, request.itemIndex);
}

/**
 * The one object an answer must hold (wrapped as `{"<key>": {...}}` or bare). An empty success is a
 * failure rather than a silent `{}`, so a workflow never stores a blank record; after a creating
 * request it still means Aurora acted, so it says the object may exist.
 */
export function oneObject(answer: AuroraAnswer, key: string, request: Pick<AuroraRequest, 'creates'>, baseUrl = ''): AuroraResult<IDataObject> {
	const { body } = answer;
	// `{"lead": null}` is an envelope with nothing in it, not a bare object that happens to say "lead".
	const emptyEnvelope = isObject(body) && key in body && !isObject(body[key]);
	const object = emptyEnvelope ? undefined : unwrapOne(body, key);
	if (object && Object.keys(object).length > 0) return { ok: true, value: object };
	const missing = { what: key.replace(/_/g, ' '), key };
	const failure: AuroraFailure = request.creates
		? { kind: 'may-have-created', attempts: 1, baseUrl, missing, mayHaveCreated: request.creates }
		: { kind: 'permanent', attempts: 1, baseUrl, missing };
	return { ok: false, failure };
}

/** A request whose answer must hold one object; any failure throws (for the action node). */
export async function auroraRequestOne(
	this: AuroraContext,
	request: AuroraRequest,
	key: string,
	budget: RetryBudget = BUDGETS.action,
): Promise<IDataObject> {
	const result = await auroraCall.call(this, request, budget);
	const one = result.ok ? oneObject(result.value, key, request) : result;
	if (one.ok) return one.value;
	throw failureError(this.getNode(), one.failure, request.itemIndex);
}
