import type { IDataObject, IHookFunctions, ITriggerFunctions } from 'n8n-workflow';

import type { AuroraEvent } from '../../events';
import { findEvent } from '../../events';
import { SECRET_HEADER } from '../../delivery-secret';
import { unwrapOne } from '../../transport/envelope';
import type { AuroraFailure, AuroraResult } from '../../transport/failure';
import { changeRefused, endpointMissing, isGone } from '../../transport/failure';
import { auroraList } from '../../transport/paginate';
import { auroraCall } from '../../transport/request';
import { BUDGETS } from '../../transport/retry';
import { matchesAnyHash } from '../node/secrets';
import type { StoredSubscription } from '../node/static-data';
import { buildUrlTemplate, matchesTemplate } from './url-template';

/** Aurora's webhook-subscription API, as set-up and the scheduled check use it. Every call returns a result; none throws. */

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
	if (!matchesTemplate(remote.url_template, webhookUrl, definition, stored.hash)) return false;
	// Aurora may or may not echo the header secret; when it does, it must be ours.
	return typeof remote.header_auth_value !== 'string' || matchesAnyHash([remote.header_auth_value], [stored.hash]);
}

export function isEnabled(remote: IDataObject): boolean {
	return remote.enabled !== false && remote.enabled !== 'false';
}

const subject = (id: string) => `Webhook subscription "${id}"`;

/** One subscription by id, or undefined when Aurora says it does not exist; for Aurora without a list. */
export async function fetchSubscription(this: LifecycleContext, id: string): Promise<AuroraResult<IDataObject | undefined>> {
	const result = await auroraCall.call(this, { method: 'GET', path: `/webhooks/${encodeURIComponent(id)}`, subject: subject(id) }, BUDGETS.lifecycle);
	if (result.ok) return { ok: true, value: unwrapOne(result.value.body, 'webhook') };
	if (isGone(result.failure)) return { ok: true, value: undefined };
	return result;
}

/**
 * Every subscription of the tenant, or 'no-list' when Aurora has no list endpoint for this key (the
 * list path is inferred from Aurora's docs, not documented).
 */
export async function listSubscriptions(this: LifecycleContext): Promise<AuroraResult<IDataObject[] | 'no-list'>> {
	const result = await auroraList.call(this, { path: '/webhooks', key: 'webhooks' }, BUDGETS.lifecycle);
	if (!result.ok && endpointMissing(result.failure)) return { ok: true, value: 'no-list' };
	return result;
}

/**
 * Creates the subscription for an event with a secret chosen (and its hash stored) beforehand;
 * returns its id. Sent like a read, retries included: a twin that a lost answer leaves behind carries
 * our secret, so the next pass adopts one and removes the other.
 */
export async function createSubscription(
	this: LifecycleContext,
	definition: AuroraEvent,
	webhookUrl: string,
	secret: string,
): Promise<AuroraResult<string>> {
	const webhook: IDataObject = {
		event: definition.event,
		url_template: buildUrlTemplate(webhookUrl, definition, secret),
		description: describeSubscription.call(this, definition.event),
		enabled: true,
		header_auth_key: SECRET_HEADER,
		header_auth_value: secret,
	};
	// A proxy or an error page may echo the request body back: the secret must not reach the message.
	const result = await auroraCall.call(this, { method: 'POST', path: '/webhooks', body: { webhook }, redact: [secret] }, BUDGETS.lifecycle);
	if (!result.ok) return result;
	const id = unwrapOne(result.value.body, 'webhook')?.id;
	if (typeof id === 'string' || typeof id === 'number') return { ok: true, value: String(id) };
	const failure: AuroraFailure = {
		kind: 'may-have-created',
		attempts: 1,
		baseUrl: '',
		problem: {
			message: 'Aurora did not return an id for the new webhook subscription',
			description: `The subscription for ${definition.event} is kept track of by its URL and secret, and the next check adopts it. If this repeats, check that the credential's Base URL points at Aurora's API.`,
		},
	};
	return { ok: false, failure };
}

/**
 * Turns a subscription back on (Aurora disables one after 48 h of failed deliveries): true if it is
 * on, false if Aurora will not re-enable it this way (gone, or refused), so the caller replaces it.
 */
export async function enableSubscription(this: LifecycleContext, id: string): Promise<AuroraResult<boolean>> {
	const result = await auroraCall.call(
		this,
		{ method: 'PUT', path: `/webhooks/${encodeURIComponent(id)}`, body: { webhook: { enabled: true } }, subject: subject(id) },
		BUDGETS.lifecycle,
	);
	if (result.ok) return { ok: true, value: isEnabled(unwrapOne(result.value.body, 'webhook') ?? {}) };
	if (changeRefused(result.failure)) return { ok: true, value: false };
	return result;
}

/** Deletes each id (one Aurora says does not exist is gone already); returns the ids it could not delete, with why. */
export async function removeAll(this: LifecycleContext, ids: Iterable<string>): Promise<Map<string, AuroraFailure>> {
	const failures = new Map<string, AuroraFailure>();
	for (const id of new Set(ids)) {
		if (id === '') continue;
		const result = await auroraCall.call(this, { method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, subject: subject(id) }, BUDGETS.lifecycle);
		if (!result.ok && !isGone(result.failure)) failures.set(id, result.failure);
	}
	return failures;
}
