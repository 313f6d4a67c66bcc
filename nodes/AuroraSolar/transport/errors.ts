import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { isObject } from './envelope';
import type { CreatedObject } from './uncertain-create';
import { describeUncertainCreate } from './uncertain-create';

/** What went wrong, in terms a user can act on; `subject` names the object, e.g. "Lead 3fa8…". */
export interface AuroraFailure {
	status?: number;
	/** Aurora's own error text, when it sent one. */
	auroraMessage?: string;
	/** A network-level failure code (ETIMEDOUT, ECONNRESET, …) when no HTTP answer arrived. */
	networkCode?: string;
	retryAfterSeconds?: number;
	attempts: number;
	subject?: string;
	baseUrl: string;
	malformedBody?: boolean;
	/** A successful answer that lacks what was asked for: `{ what: 'list of leads', key: 'leads' }`. */
	missing?: { what: string; key: string };
	/** Set when a creating request failed after it may have reached Aurora: the object may exist. */
	mayHaveCreated?: CreatedObject;
}

const MAX_AURORA_MESSAGE = 500;

/**
 * Pulls a readable message out of whatever error body Aurora (or a proxy) sent. `secrets` are
 * blanked out before the text is shortened, so no part of one survives at the cut.
 */
export function extractAuroraMessage(body: unknown, secrets: string[] = []): string | undefined {
	let message: string | undefined;
	if (typeof body === 'string') {
		message = body.trim();
	} else if (isObject(body)) {
		const candidate = body.error ?? body.message ?? body.errors ?? body.detail;
		if (typeof candidate === 'string') message = candidate;
		else if (Array.isArray(candidate)) {
			message = candidate
				.map((entry) => {
					if (typeof entry === 'string') return entry;
					if (isObject(entry)) return String(entry.detail ?? entry.message ?? entry.title ?? JSON.stringify(entry));
					return String(entry);
				})
				.join('; ');
		} else if (isObject(candidate)) {
			message = String(candidate.message ?? candidate.detail ?? JSON.stringify(candidate));
		} else if (Object.keys(body).length > 0) {
			message = JSON.stringify(body);
		}
	}
	if (!message) return undefined;
	for (const secret of secrets) if (secret.length >= 6) message = message.split(secret).join('[redacted]');
	return message.length > MAX_AURORA_MESSAGE ? `${message.slice(0, MAX_AURORA_MESSAGE)}…` : message;
}

function withAurora(text: string, auroraMessage: string | undefined): string {
	return auroraMessage ? `${text}: ${auroraMessage}` : text;
}

/** Message and fix for each failure; the wording is part of what users see in n8n's error panel. */
export function describeFailure(failure: AuroraFailure): { message: string; description: string } {
	const { status, auroraMessage, subject } = failure;
	const what = subject ?? 'The requested object';
	if (failure.mayHaveCreated) return describeUncertainCreate(failure, failure.mayHaveCreated);
	if (failure.missing) {
		return {
			message: `Aurora's answer holds no ${failure.missing.what}`,
			description: `The response succeeded but had no "${failure.missing.key}" object or array in it. If you use a Custom base URL, check that it points at Aurora's API; otherwise Aurora may have changed this endpoint.`,
		};
	}
	if (failure.malformedBody) {
		return {
			message: 'Aurora answered with a body that is not valid JSON',
			description: `After ${failure.attempts} attempt(s) the response from ${failure.baseUrl} still could not be read. If you use a Custom base URL, check that it points at Aurora's API (or a proxy that passes its JSON through) and not at a web page.`,
		};
	}
	if (status === undefined) {
		const code = failure.networkCode ?? 'network error';
		const timedOut = /TIMEDOUT|ECONNABORTED|timeout/i.test(code);
		return {
			message: timedOut
				? `Aurora did not answer in time (${code})`
				: `Could not reach Aurora at ${failure.baseUrl} (${code})`,
			description: `Gave up after ${failure.attempts} attempt(s). Check that n8n can reach ${failure.baseUrl} (proxy settings, firewall, DNS) and that the credential's Environment is right, then try again.`,
		};
	}
	// One case per status, a message and its fix each. The cases share a shape on purpose: they are a table of
	// the texts users read, and a helper around them would only hide the wording.
	switch (status) {
		case 400:
			return {
				message: withAurora('Aurora rejected the request as malformed (400)', auroraMessage),
				description: 'Check the values of the fields you sent; Aurora expects IDs as UUIDs and numbers as numbers.',
			};
		case 401:
			return {
				message: 'Aurora rejected the API token (401 Unauthorized)',
				description:
					"The token is wrong, expired or revoked, or it belongs to the other environment (sandbox keys start with sk_sand_ or rk_sand_, production keys with sk_prod_ or rk_prod_). An Aurora admin can create or copy a token under Settings → API Tokens; paste it into the Aurora Solar API credential.",
			};
		case 403:
			return {
				message: withAurora('The API token is not allowed to do this (403 Forbidden)', auroraMessage),
				description:
					"Restricted keys (rk_…) only grant the actions an admin ticked for them. In Aurora, under Settings → API Tokens, allow this action for the key, or use the tenant's standard key (sk_…).",
			};
		case 404:
			return {
				message: `${what} was not found (404)`,
				description:
					'It may have been deleted, or it belongs to another tenant or to the other environment (sandbox and production have separate data). Check the ID, and the Tenant ID and Environment of the credential.',
			};
		case 405:
			return {
				message: 'Aurora does not offer this operation here (405 Method Not Allowed)',
				description:
					"The endpoint may not exist for your key's API version (Aurora versions each key separately). Check the API version of the key under Settings → API Tokens.",
			};
		case 409:
			return {
				message: withAurora('Aurora reported a conflict (409)', auroraMessage),
				description: 'The object is in use or an operation on it is still running. Wait a moment and try again.',
			};
		case 422:
			return {
				message: withAurora('Aurora could not process the request (422)', auroraMessage),
				description: 'A required field is missing or a value is invalid. Fix the fields named in the message and try again.',
			};
		case 429:
			return {
				message: 'Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)',
				description: `Aurora allows about 90 requests per minute per API key, shared by everything that uses the key.${
					failure.retryAfterSeconds !== undefined ? ` Aurora last asked to wait ${failure.retryAfterSeconds} s.` : ''
				} Spread the work out (for example Loop Over Items with a Wait node), or run it again later.`,
			};
		default:
			if (status >= 500) {
				return {
					message: withAurora(`Aurora had a server error (${status}) and the retries ran out`, auroraMessage),
					description: `Gave up after ${failure.attempts} attempt(s). Aurora's side is failing; try again later, and check Aurora's status page if it persists.`,
				};
			}
			return {
				message: withAurora(`Aurora answered with HTTP ${status}`, auroraMessage),
				description: 'The request was not accepted. Check the parameters and try again.',
			};
	}
}

/** Builds the NodeApiError for a failure. Only the fields we choose reach it, never request headers. */
export function auroraApiError(node: INode, failure: AuroraFailure, itemIndex?: number): NodeApiError {
	const { message, description } = describeFailure(failure);
	const errorResponse: JsonObject = { message, description };
	if (failure.status !== undefined) errorResponse.httpCode = String(failure.status);
	if (failure.auroraMessage) errorResponse.auroraMessage = failure.auroraMessage;
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: failure.status !== undefined ? String(failure.status) : failure.networkCode,
		itemIndex,
	});
	// n8n swaps in generic wording ("The connection was aborted…") when the code or message names a
	// Node.js error code; ours says which host and what to check, so put it back.
	error.message = message;
	error.description = description;
	return error;
}
