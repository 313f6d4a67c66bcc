/**
 * What a failed Aurora call means. Decided here, once, for every caller: a delivery, set-up, the
 * scheduled check, the catch-up sweep, pagination and the action node all branch on `kind` and
 * never look at a status code themselves. See docs/architecture.md for the table of what each
 * kind makes each caller do.
 */
export type FailureKind =
	/** 408, 429, 5xx, a network error or an unreadable answer: the transport repeats it at once while its budget lasts. */
	| 'retry-now'
	/** 409 ("wait a moment then try again"): passes with time, but not within one call; Aurora should redeliver. */
	| 'passes-with-time'
	/** Needs a person: a token, a permission, an id, a template, the credential, a server that is not Aurora. */
	| 'permanent'
	/** A request that creates something failed after it may have reached Aurora: the object may exist. */
	| 'may-have-created';

/** What a creating request (a POST) makes, and how a user can find out whether it exists. */
export interface CreatedObject {
	/** The object in words, e.g. "project" or "webhook subscription". */
	what: string;
	/** One or two sentences on where to look, e.g. "Look in Aurora's project list, or use Project → Get Many." */
	check: string;
}

export interface AuroraFailure {
	kind: FailureKind;
	/** The HTTP status Aurora (or a proxy in front of it) answered with; absent when no answer arrived. */
	status?: number;
	/** A network-level failure code (ETIMEDOUT, ECONNRESET, …), only when no HTTP answer arrived. */
	networkCode?: string;
	/** A 2xx answer whose body could not be read as JSON. */
	malformedBody?: boolean;
	/** Aurora's own error text, when it sent one (the token and request secrets already blanked out). */
	auroraMessage?: string;
	retryAfterSeconds?: number;
	attempts: number;
	/** Names the object, e.g. `Lead "3fa8…"`. */
	subject?: string;
	baseUrl: string;
	/** A successful answer that lacks what was asked for: `{ what: 'list of leads', key: 'leads' }`. */
	missing?: { what: string; key: string };
	/** Set with kind `may-have-created`: what the request may have made. */
	mayHaveCreated?: CreatedObject;
	/** A failure that is not an answer from Aurora (the credential is unusable, a list cannot be read to its end), in final words. */
	problem?: { message: string; description: string };
}

/** One Aurora call's outcome; a single request and a whole paged list return the same shape. */
export type AuroraResult<T> = { ok: true; value: T } | { ok: false; failure: AuroraFailure };

/** The parts of one failed attempt that decide what it means. */
export interface AttemptFailure {
	status?: number;
	networkCode?: string;
	malformedBody?: boolean;
}

/** Network failures that happen before a request leaves: nothing listening, or no address for the host. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether Aurora provably did not act on the attempt: it never reached Aurora, or Aurora refused it
 * unprocessed (429). Only then may a request that creates something be sent again.
 */
function provablyNotProcessed(attempt: AttemptFailure): boolean {
	if (attempt.status !== undefined) return attempt.status === 429;
	if (attempt.malformedBody) return false;
	return attempt.networkCode !== undefined && NEVER_SENT_CODES.has(attempt.networkCode);
}

/** A failure of this attempt that another attempt right away may not have: the only kind the transport repeats. */
function passesAtOnce(attempt: AttemptFailure): boolean {
	const { status } = attempt;
	return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * What one failed attempt means. A creating request that may have reached Aurora is never repeated,
 * so that a lost answer cannot make a second object; one that provably did not is repeated like a read.
 */
export function attemptKind(attempt: AttemptFailure, creates: boolean): FailureKind {
	if (creates && !provablyNotProcessed(attempt) && (passesAtOnce(attempt) || attempt.malformedBody)) return 'may-have-created';
	if (attempt.status === 409) return 'passes-with-time';
	return passesAtOnce(attempt) ? 'retry-now' : 'permanent';
}

/**
 * What the call's last failed attempt means once no attempt is left. An answer that stayed unreadable
 * through every attempt is not Aurora having a bad moment but something in between that is not
 * Aurora's API (a proxy's page, a wrong Custom base URL): a person has to look.
 */
export function settledKind(attempt: AttemptFailure, creates: boolean): FailureKind {
	const kind = attemptKind(attempt, creates);
	return kind === 'retry-now' && attempt.malformedBody ? 'permanent' : kind;
}

/**
 * Whether a later try can finish what this one could not: the failure passes with time, or a create may
 * have worked (the next pass finds what it made). A delivery then asks Aurora to redeliver, set-up keeps
 * what exists and leaves the rest to the scheduled check. Only a permanent failure needs a person.
 */
export function passesWithTime(failure: AuroraFailure): boolean {
	return failure.kind !== 'permanent';
}

/*
 * What callers ask of a failure beyond its kind, answered here from its status, so that no file outside
 * the transport reads a status code.
 */

/** Aurora says the object does not exist (any more). */
export function isGone(failure: AuroraFailure): boolean {
	return failure.status === 404;
}

/** This endpoint does not exist here, for this key or this API version. */
export function endpointMissing(failure: AuroraFailure): boolean {
	return failure.status === 404 || failure.status === 405;
}

/** The page size was rejected: a list's first page asked for more than the server takes. */
export function pageSizeRejected(failure: AuroraFailure): boolean {
	return failure.status === 400 || failure.status === 422;
}

/** Aurora will not make this change as asked (gone, not allowed, or refused): the caller goes another way. */
export function changeRefused(failure: AuroraFailure): boolean {
	return pageSizeRejected(failure) || endpointMissing(failure);
}

/** This key cannot read this list: not allowed (a restricted key), or no such list here. */
export function listUnreadable(failure: AuroraFailure): boolean {
	return failure.kind === 'permanent' && (failure.status === 403 || endpointMissing(failure));
}

/** Aurora asked for fewer requests (rate limited); `retryAfterSeconds` says for how long, when it said. */
export function rateLimited(failure: AuroraFailure): boolean {
	return failure.status === 429;
}

/** Whether a network code says the answer did not come in time (as opposed to a refused or broken connection). */
export function isTimeout(code: string | undefined): boolean {
	return code !== undefined && /TIMEDOUT|ECONNABORTED|timeout/i.test(code);
}

/** A failure that is not an answer from Aurora, with the words users read. */
export function problemFailure(message: string, description: string, baseUrl = ''): AuroraFailure {
	return { kind: 'permanent', attempts: 1, baseUrl, problem: { message, description } };
}
