import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { unwrapOne } from '../transport/envelope';
import { describeFailure } from '../transport/errors';
import { auroraCall } from '../transport/request';
import { deliveryBudget } from './delivery-budget';
import { isPassingStatus } from './passing-status';

export type Retrieval =
	| { outcome: 'found'; object: IDataObject }
	/** A retry will not help (revoked token, deleted object, rejected request): emit the event with an error. */
	| { outcome: 'permanent'; message: string; httpCode?: string }
	/** Might work in a minute (rate limit, outage, a lock in Aurora): let Aurora redeliver. */
	| { outcome: 'transient'; message: string };

/** Fetches the object a delivery is about, finishing in time for Aurora's 10 s deadline. */
export async function retrieveObject(
	this: IWebhookFunctions,
	definition: AuroraEvent,
	id: string,
	receivedAt: number,
): Promise<Retrieval> {
	const { fetch } = definition;
	const subject = `${fetch.label} "${id}"`;
	let result;
	try {
		result = await auroraCall.call(this, { method: 'GET', path: fetch.path(id), subject }, deliveryBudget(receivedAt));
	} catch (error) {
		// The credential itself is unusable (no tenant id, a key for the other environment): no
		// redelivery fixes that, so the user sees it on the event instead of in a log a day later.
		const { message, description } = error as Error & { description?: string };
		return { outcome: 'permanent', message: [message, description].filter(Boolean).join('. ') };
	}
	if (result.ok) return { outcome: 'found', object: unwrapOne(result.body, fetch.envelope) ?? {} };
	const { failure } = result;
	const { message, description } = describeFailure(failure);
	const text = `${message}. ${description}`;
	const timedOutOrUnreachable = failure.status === undefined && !failure.malformedBody;
	if (timedOutOrUnreachable || (failure.status !== undefined && isPassingStatus(failure.status))) {
		return { outcome: 'transient', message: text };
	}
	return { outcome: 'permanent', message: text, httpCode: failure.status !== undefined ? String(failure.status) : undefined };
}
