import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { findEvent } from '../events';
import { unwrapOne } from '../transport/envelope';
import type { AuroraFailure } from '../transport/errors';
import { auroraApiError } from '../transport/errors';
import { asNodeError } from '../transport/node-error';
import { auroraPaginate } from '../transport/paginate';
import { auroraCall, auroraRequest } from '../transport/request';
import { LIFECYCLE_BUDGET } from '../transport/retry';
import { SECRET_HEADER, newSecret } from './secret';
import type { StoredSubscription } from './static-data';
import { buildUrlTemplate, matchesTemplate, pointsAt } from './url-template';

const MAX_DESCRIPTION = 250;

/** Tells a person looking at Aurora's webhook dashboard which n8n workflow owns the subscription. */
export function describeSubscription(this: IHookFunctions, event: string): string {
	const workflow = this.getWorkflow();
	const test = this.getMode() === 'manual' ? ' [test listener]' : '';
	const text = `n8n: workflow "${workflow.name ?? 'unnamed'}" (${workflow.id ?? '?'}), node "${this.getNode().name}", ${event}${test}`;
	return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

export type SubscriptionHealth = 'healthy' | 'gone' | 'stale';

/** Whether a remote subscription is still the one we stored: enabled and delivering here with our secret. */
export function healthOf(remote: IDataObject | undefined, stored: StoredSubscription, webhookUrl: string): SubscriptionHealth {
	if (!remote) return 'gone';
	const definition = findEvent(stored.event);
	if (!definition) return 'stale';
	if (remote.enabled === false || remote.enabled === 'false') return 'stale';
	if (remote.event !== undefined && remote.event !== stored.event) return 'stale';
	if (!matchesTemplate(remote.url_template, webhookUrl, definition, stored.secret)) return 'stale';
	// Aurora may or may not echo the header secret; when it does, it must be ours.
	if (typeof remote.header_auth_value === 'string' && remote.header_auth_value !== stored.secret) return 'stale';
	return 'healthy';
}

/** One stored subscription, fetched by id; for when Aurora offers no usable list. */
export async function inspectSubscription(
	this: IHookFunctions,
	stored: StoredSubscription,
	webhookUrl: string,
): Promise<SubscriptionHealth> {
	const result = await auroraCall.call(
		this,
		{ method: 'GET', path: `/webhooks/${encodeURIComponent(stored.id)}`, subject: `Webhook subscription "${stored.id}"` },
		LIFECYCLE_BUDGET,
	);
	if (!result.ok) {
		if (result.failure.status === 404) return 'gone';
		throw auroraApiError(this.getNode(), result.failure);
	}
	return healthOf(unwrapOne(result.body, 'webhook'), stored, webhookUrl);
}

/**
 * Every subscription of the tenant, or undefined when Aurora has no list endpoint for this key
 * (404/405: the list path is inferred from Aurora's docs, not documented). Other failures throw.
 */
export async function listSubscriptions(this: IHookFunctions): Promise<IDataObject[] | undefined> {
	try {
		return await auroraPaginate.call(this, { path: '/webhooks', key: 'webhooks' }, LIFECYCLE_BUDGET);
	} catch (error) {
		const status = Number((error as NodeApiError).httpCode);
		if (status === 404 || status === 405) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

/**
 * Ids of subscriptions that deliver to this node's URL but are not in `keep`. These are ours by
 * construction (the URL holds this workflow's unique webhook id), left behind by a crash, lost
 * static data, or a create that Aurora processed but whose answer never arrived.
 */
export function leftoversIn(remote: IDataObject[] | undefined, webhookUrl: string, keep: Set<string>): string[] {
	return (remote ?? [])
		.filter((subscription) => pointsAt(subscription.url_template, webhookUrl))
		.map((subscription) => String(subscription.id ?? ''))
		.filter((id) => id !== '' && !keep.has(id));
}

export async function createSubscription(
	this: IHookFunctions,
	definition: AuroraEvent,
	webhookUrl: string,
): Promise<StoredSubscription> {
	const secret = newSecret();
	const webhook: IDataObject = {
		event: definition.event,
		url_template: buildUrlTemplate(webhookUrl, definition, secret),
		description: describeSubscription.call(this, definition.event),
		enabled: true,
		header_auth_key: SECRET_HEADER,
		header_auth_value: secret,
	};
	// A proxy or an error page may echo the request body back: the secret must not reach the message.
	const body = await auroraRequest.call(
		this,
		{ method: 'POST', path: '/webhooks', body: { webhook }, redact: [secret] },
		LIFECYCLE_BUDGET,
	);
	const created = unwrapOne(body, 'webhook');
	const id = created?.id;
	if (typeof id !== 'string' && typeof id !== 'number') {
		throw new NodeApiError(this.getNode(), { message: 'Aurora did not return an id for the new webhook subscription' }, {
			message: 'Aurora did not return an id for the new webhook subscription',
			description: `Without an id the subscription for ${definition.event} cannot be removed later. Check Aurora's webhook dashboard for a subscription pointing at ${webhookUrl} and delete it, then activate again.`,
		});
	}
	return { id: String(id), event: definition.event, secret, url: webhookUrl };
}

/** Deletes one subscription; a 404 means it is already gone, which is what we wanted. */
export async function removeSubscription(this: IHookFunctions, id: string): Promise<AuroraFailure | undefined> {
	const result = await auroraCall.call(
		this,
		{ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, subject: `Webhook subscription "${id}"` },
		LIFECYCLE_BUDGET,
	);
	if (result.ok || result.failure.status === 404) return undefined;
	return result.failure;
}

/** Deletes each id; returns the ids it could not delete, with why, so callers surface them. */
export async function removeAll(this: IHookFunctions, ids: Iterable<string>): Promise<Map<string, AuroraFailure>> {
	const failures = new Map<string, AuroraFailure>();
	for (const id of new Set(ids)) {
		const failure = await removeSubscription.call(this, id);
		if (failure) failures.set(id, failure);
	}
	return failures;
}

export function removalError(this: IHookFunctions, failures: Map<string, AuroraFailure>): NodeApiError {
	const [first] = failures.values();
	const error = auroraApiError(this.getNode(), first);
	error.message = `Could not remove ${failures.size} Aurora webhook subscription(s): ${error.message}`;
	return error;
}
