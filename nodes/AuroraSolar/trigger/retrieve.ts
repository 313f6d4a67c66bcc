import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { unwrapOne } from '../transport/envelope';
import { describeFailure } from '../transport/errors';
import { auroraCall } from '../transport/request';
import { DELIVERY_BUDGET } from '../transport/retry';

export type Retrieval =
	| { outcome: 'found'; object: IDataObject }
	/** Retrying cannot help (deleted object, rejected request): emit the event with an error. */
	| { outcome: 'permanent'; message: string }
	/** Might work later (rate limit, outage, revoked or mismatched credentials): let Aurora redeliver. */
	| { outcome: 'transient'; message: string };

const PERMANENT = new Set([400, 404, 405, 409, 410, 422]);

/** Fetches the object a delivery is about, within the budget that keeps us under Aurora's 10 s timeout. */
export async function retrieveObject(this: IWebhookFunctions, definition: AuroraEvent, id: string): Promise<Retrieval> {
	const { fetch } = definition;
	let result;
	try {
		result = await auroraCall.call(
			this,
			{ method: 'GET', path: fetch.path(id), subject: `${fetch.label} "${id}"` },
			DELIVERY_BUDGET,
		);
	} catch (error) {
		// Credential problems (missing tenant, key for the wrong environment) are fixable by the user
		// while Aurora keeps redelivering, so they must not turn into a lost event.
		return { outcome: 'transient', message: (error as Error).message };
	}
	if (result.ok) return { outcome: 'found', object: unwrapOne(result.body, fetch.envelope) ?? {} };
	const { message, description } = describeFailure(result.failure);
	const text = `${message}. ${description}`;
	if (result.failure.status !== undefined && PERMANENT.has(result.failure.status)) {
		return { outcome: 'permanent', message: text };
	}
	return { outcome: 'transient', message: text };
}
