import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { AuroraFailure, CreatedObject } from './failure';
import { isTimeout } from './failure';

/**
 * What users read about a failure: one message and one fix per case, and the n8n errors that carry
 * them. Only the edges (the action node, set-up, a delivery's item) turn a failure into words.
 */

function withAurora(text: string, auroraMessage: string | undefined): string {
	return auroraMessage ? `${text}: ${auroraMessage}` : text;
}

/** What happened on the wire when no HTTP answer arrived; shared by the plain and the "may have been created" wording. */
function networkWords(failure: AuroraFailure, brokeBefore: string): string {
	const code = failure.networkCode ?? 'network error';
	return isTimeout(code) ? `Aurora did not answer in time (${code})` : `${brokeBefore} (${code})`;
}

/** Message and fix for each failure; the wording is part of what users see in n8n's error panel. */
export function describeFailure(failure: AuroraFailure): { message: string; description: string } {
	const { status, auroraMessage, subject } = failure;
	const what = subject ?? 'The requested object';
	if (failure.problem) return failure.problem;
	if (failure.kind === 'may-have-created' && failure.mayHaveCreated) return describeUncertainCreate(failure, failure.mayHaveCreated);
	if (failure.missing) {
		return {
			message: missingWords(failure.missing),
			description: `The response succeeded but had no "${failure.missing.key}" object or array in it. If you use a Custom base URL, check that it points at Aurora's API; otherwise Aurora may have changed this endpoint.`,
		};
	}
	if (failure.malformedBody) {
		return {
			message: MALFORMED,
			description: `After ${failure.attempts} attempt(s) the response from ${failure.baseUrl} still could not be read. If you use a Custom base URL, check that it points at Aurora's API (or a proxy that passes its JSON through) and not at a web page.`,
		};
	}
	if (status === undefined) {
		return {
			message: networkWords(failure, `Could not reach Aurora at ${failure.baseUrl}`),
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
					"Restricted keys (rk_…) only grant the actions an admin ticked for them. In Aurora, under Settings → API Tokens, allow this action for the key, or use the tenant's standard key (sk_…). Some APIs (agreements, for example) are switched on per Aurora account: if the standard key is refused too, ask your Aurora account team.",
			};
		case 404:
			return {
				message: `${what} was not found (404)`,
				// Aurora's own text may say why, e.g. "Consumption profile is not filled out" for a project that exists.
				description: `It may have been deleted, or it belongs to another tenant or to the other environment (sandbox and production have separate data). Check the ID, and the Tenant ID and Environment of the credential.${
					auroraMessage ? ` Aurora said: ${auroraMessage}` : ''
				}`,
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

const MALFORMED = 'Aurora answered with a body that is not valid JSON';

function missingWords(missing: { what: string }): string {
	return `Aurora's answer holds no ${missing.what}`;
}

/** What happened to a creating request whose outcome is unknown, in the words of the plain message. */
function whatHappened(failure: AuroraFailure): string {
	if (failure.missing) return missingWords(failure.missing);
	if (failure.malformedBody) return MALFORMED;
	const { status } = failure;
	if (status === undefined) return networkWords(failure, `The connection to Aurora at ${failure.baseUrl} broke before an answer arrived`);
	return status >= 500 ? `Aurora had a server error (${status})` : `Aurora answered with HTTP ${status}`;
}

/**
 * Message and fix for a creating request whose outcome is unknown. Such a request is not sent again
 * after a failure that may have come after Aurora acted, so the user must look before running it again.
 */
function describeUncertainCreate(failure: AuroraFailure, created: CreatedObject): { message: string; description: string } {
	const said = failure.auroraMessage ? ` Aurora said: ${failure.auroraMessage}` : '';
	return {
		message: `${whatHappened(failure)}; the ${created.what} may have been created in Aurora`,
		description:
			`The request was sent once and not repeated, because repeating it could create a second ${created.what}. ` +
			`Before you run this item again, check whether it exists: ${created.check}${said}`,
	};
}

/**
 * The n8n error for a failure, for the places where n8n needs one. `httpCode` is only ever an HTTP
 * status; a network code travels in the error's context. Only the fields we choose reach it, never
 * request headers.
 */
export function failureError(node: INode, failure: AuroraFailure, itemIndex?: number): NodeApiError | NodeOperationError {
	const { message, description } = describeFailure(failure);
	if (failure.problem) return new NodeOperationError(node, message, { ...(description ? { description } : {}), itemIndex });
	const errorResponse: JsonObject = { message, description };
	if (failure.status !== undefined) errorResponse.httpCode = String(failure.status);
	if (failure.auroraMessage) errorResponse.auroraMessage = failure.auroraMessage;
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}),
		itemIndex,
	});
	// n8n swaps in generic wording ("The connection was aborted…") when the code or message names a
	// Node.js error code; ours says which host and what to check, so put it back.
	error.message = message;
	error.description = description;
	if (failure.networkCode !== undefined) error.context.networkCode = failure.networkCode;
	return error;
}

/**
 * Errors that already say what happened (ours, or n8n's own) pass through unchanged; anything
 * else is wrapped so that n8n shows it against the right node and item.
 */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
