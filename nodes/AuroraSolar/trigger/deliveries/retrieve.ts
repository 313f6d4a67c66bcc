import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { AuroraObjectFetch } from '../../objects';
import { objectSubject } from '../../objects';
import { unwrapOne } from '../../transport/envelope';
import { describeFailure } from '../../transport/errors';
import { isGone, passesWithTime } from '../../transport/failure';
import { auroraCall } from '../../transport/request';
import type { RetryBudget } from '../../transport/retry';
import { BUDGETS } from '../../transport/retry';

/** How long after webhook() started the retrieval must be over (BUDGETS.delivery says why). */
export const RETRIEVAL_DEADLINE_MS = BUDGETS.delivery.deadlineMs;

/** The retry budget left for a delivery that webhook() started handling at `receivedAt`. */
export function deliveryBudget(receivedAt: number, now: number = Date.now()): RetryBudget {
	return { ...BUDGETS.delivery, deadlineMs: Math.max(0, receivedAt + RETRIEVAL_DEADLINE_MS - now) };
}

export type Retrieval =
	| { outcome: 'found'; object: IDataObject }
	/** A retry will not help (revoked token, deleted object, rejected request): emit the event with an error. */
	| { outcome: 'permanent'; message: string; httpCode?: string; gone: boolean }
	/** Might work in a minute (rate limit, outage, a lock in Aurora): let Aurora redeliver. */
	| { outcome: 'transient'; message: string };

/**
 * Fetches an object a delivery is about (the same request as the action node's Get, see objects.ts),
 * finishing in time for Aurora's 10 s deadline: every retrieval of one delivery shares that deadline.
 */
export async function retrieveObject(
	this: IWebhookFunctions,
	fetch: AuroraObjectFetch,
	id: string,
	receivedAt: number,
): Promise<Retrieval> {
	const result = await auroraCall.call(this, { method: 'GET', path: fetch.path(id), subject: objectSubject(fetch, id) }, deliveryBudget(receivedAt));
	if (result.ok) return { outcome: 'found', object: unwrapOne(result.value.body, fetch.envelope) ?? {} };
	const { failure } = result;
	const { message, description } = describeFailure(failure);
	// A problem with the credential itself (no tenant id, a key for the other environment) is shown on the
	// event, like any failure a redelivery cannot fix, instead of in a log a day later.
	const text = failure.problem ? [message, description].filter(Boolean).join('. ') : `${message}. ${description}`;
	if (passesWithTime(failure)) return { outcome: 'transient', message: text };
	return { outcome: 'permanent', message: text, gone: isGone(failure), ...(failure.status !== undefined ? { httpCode: String(failure.status) } : {}) };
}
