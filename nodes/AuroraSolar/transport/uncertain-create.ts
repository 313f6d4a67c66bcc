import type { AuroraFailure } from './errors';

/**
 * What a creating request (a POST) makes, and how a user can find out whether it exists. Such a
 * request is not sent again after a failure that may have happened after Aurora acted on it, so
 * the error must tell the user to look before running the item again.
 */
export interface CreatedObject {
	/** The object in words, e.g. "project" or "webhook subscription". */
	what: string;
	/** One or two sentences on where to look, e.g. "Look in Aurora's project list, or use Project → Get Many." */
	check: string;
}

function whatHappened(failure: AuroraFailure): string {
	if (failure.missing) return `Aurora's answer holds no ${failure.missing.what}`;
	if (failure.malformedBody) return 'Aurora answered with a body that is not valid JSON';
	const { status } = failure;
	if (status === undefined) {
		const code = failure.networkCode ?? 'network error';
		return /TIMEDOUT|ECONNABORTED|timeout/i.test(code)
			? `Aurora did not answer in time (${code})`
			: `The connection to Aurora at ${failure.baseUrl} broke before an answer arrived (${code})`;
	}
	return status >= 500 ? `Aurora had a server error (${status})` : `Aurora answered with HTTP ${status}`;
}

/** Message and fix for a creating request whose outcome is unknown; part of what users read in n8n. */
export function describeUncertainCreate(failure: AuroraFailure, created: CreatedObject): { message: string; description: string } {
	const said = failure.auroraMessage ? ` Aurora said: ${failure.auroraMessage}` : '';
	return {
		message: `${whatHappened(failure)}; the ${created.what} may have been created in Aurora`,
		description:
			`The request was sent once and not repeated, because repeating it could create a second ${created.what}. ` +
			`Before you run this item again, check whether it exists: ${created.check}${said}`,
	};
}
