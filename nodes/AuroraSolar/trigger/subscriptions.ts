import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, ITriggerFunctions } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { findEvent } from '../events';
import { unwrapOne } from '../transport/envelope';
import { auroraApiError } from '../transport/errors';
import { asNodeError } from '../transport/node-error';
import { auroraPaginate } from '../transport/paginate';
import { auroraCall, auroraRequest } from '../transport/request';
import { LIFECYCLE_BUDGET } from '../transport/retry';
import { isPassingStatus } from './passing-status';
import { SECRET_HEADER } from '../delivery-secret';
import type { StoredSubscription } from './static-data';
import { buildUrlTemplate, matchesTemplate } from './url-template';

/** The contexts that manage subscriptions: n8n's webhook lifecycle and the trigger's scheduled check. */
export type LifecycleContext = IHookFunctions | ITriggerFunctions;

const MAX_DESCRIPTION = 250;

/** Tells a person looking at Aurora's webhook dashboard which n8n workflow owns the subscription. */
export function describeSubscription(this: LifecycleContext, event: string): string {
	const workflow = this.getWorkflow();
	const test = this.getMode() === 'manual' ? ' [test listener]' : '';
	const text = `n8n: workflow "${workflow.name ?? 'unnamed'}" (${workflow.id ?? '?'}), node "${this.getNode().name}", ${event}${test}`;
	return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/**
 * Whether a remote subscription is the one we keep for this stored entry: same event, delivering
 * to this URL with our secret. Enabled or not is a separate question (a disabled one is re-enabled).
 */
export function isOurs(remote: IDataObject, stored: StoredSubscription, webhookUrl: string): boolean {
	const definition = findEvent(stored.event);
	if (!definition) return false;
	if (remote.event !== undefined && remote.event !== stored.event) return false;
	if (!matchesTemplate(remote.url_template, webhookUrl, definition, stored.secret)) return false;
	// Aurora may or may not echo the header secret; when it does, it must be ours.
	return typeof remote.header_auth_value !== 'string' || remote.header_auth_value === stored.secret;
}

export function isEnabled(remote: IDataObject): boolean {
	return remote.enabled !== false && remote.enabled !== 'false';
}

/**
 * Whether a failed Aurora call may work if tried again later: rate limits, 5xx, 408/409, timeouts,
 * unreadable answers. Errors in the credential and 4xx answers such as 401/403/422 need a person.
 */
export function isTransientError(error: unknown): boolean {
	if (error instanceof NodeOperationError) return false;
	const code = (error as NodeApiError).httpCode;
	if (code === undefined || code === null || code === '') return true;
	const status = Number(code);
	if (Number.isNaN(status)) return true;
	return isPassingStatus(status);
}

/** One subscription by id, or undefined when Aurora says it does not exist; for Aurora without a list. */
export async function fetchSubscription(this: LifecycleContext, id: string): Promise<IDataObject | undefined> {
	const result = await auroraCall.call(
		this,
		{ method: 'GET', path: `/webhooks/${encodeURIComponent(id)}`, subject: `Webhook subscription "${id}"` },
		LIFECYCLE_BUDGET,
	);
	if (result.ok) return unwrapOne(result.body, 'webhook');
	if (result.failure.status === 404) return undefined;
	throw auroraApiError(this.getNode(), result.failure);
}

/**
 * Every subscription of the tenant, or undefined when Aurora has no list endpoint for this key
 * (404/405: the list path is inferred from Aurora's docs, not documented). Other failures throw.
 */
export async function listSubscriptions(this: LifecycleContext): Promise<IDataObject[] | undefined> {
	try {
		return await auroraPaginate.call(this, { path: '/webhooks', key: 'webhooks' }, LIFECYCLE_BUDGET);
	} catch (error) {
		const status = Number((error as NodeApiError).httpCode);
		if (status === 404 || status === 405) return undefined;
		throw asNodeError(this.getNode(), error);
	}
}

/** Creates the subscription for an event with a secret chosen (and stored) beforehand; returns its id. */
export async function createSubscription(
	this: LifecycleContext,
	definition: AuroraEvent,
	webhookUrl: string,
	secret: string,
): Promise<string> {
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
	const id = unwrapOne(body, 'webhook')?.id;
	if (typeof id !== 'string' && typeof id !== 'number') {
		const message = 'Aurora did not return an id for the new webhook subscription';
		throw new NodeApiError(this.getNode(), { message }, {
			message,
			description: `The subscription for ${definition.event} is kept track of by its URL and secret, and the next check adopts it. If this repeats, check that the credential's Base URL points at Aurora's API.`,
		});
	}
	return String(id);
}

/** Turns a subscription back on (Aurora disables one after 48 h of failed deliveries); true if it worked. */
export async function enableSubscription(this: LifecycleContext, id: string): Promise<boolean> {
	const result = await auroraCall.call(
		this,
		{
			method: 'PUT',
			path: `/webhooks/${encodeURIComponent(id)}`,
			body: { webhook: { enabled: true } },
			subject: `Webhook subscription "${id}"`,
		},
		LIFECYCLE_BUDGET,
	);
	if (result.ok) return isEnabled(unwrapOne(result.body, 'webhook') ?? {});
	// Gone, or Aurora will not re-enable it this way: the caller replaces it instead.
	if ([400, 404, 405, 422].includes(result.failure.status ?? 0)) return false;
	throw auroraApiError(this.getNode(), result.failure);
}

/** Deletes one subscription; a 404 means it is already gone, which is what we wanted. */
export async function removeSubscription(this: LifecycleContext, id: string): Promise<NodeApiError | undefined> {
	const result = await auroraCall.call(
		this,
		{ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, subject: `Webhook subscription "${id}"` },
		LIFECYCLE_BUDGET,
	);
	if (result.ok || result.failure.status === 404) return undefined;
	return auroraApiError(this.getNode(), result.failure);
}

/** Deletes each id; returns the ids it could not delete, with why, so callers keep and surface them. */
export async function removeAll(this: LifecycleContext, ids: Iterable<string>): Promise<Map<string, NodeApiError>> {
	const failures = new Map<string, NodeApiError>();
	for (const id of new Set(ids)) {
		if (id === '') continue;
		const failure = await removeSubscription.call(this, id);
		if (failure) failures.set(id, failure);
	}
	return failures;
}

export function removalError(failures: Map<string, NodeApiError>): NodeApiError {
	const [first] = failures.values();
	first.message = `Could not remove ${failures.size} Aurora webhook subscription(s): ${first.message}`;
	return first;
}
