import type { IDataObject } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { attributeName, findEvent } from '../events';
import { SECRET_HEADER, SECRET_QUERY_PARAMETER, secretsEqual } from './secret';
import type { StoredSubscriptions } from './static-data';
import { EVENT_QUERY_PARAMETER } from './url-template';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTRIBUTE_LENGTH = 256;

export type DeliveryVerdict =
	| { kind: 'unauthorized' }
	| { kind: 'ignored'; reason: string }
	| { kind: 'invalid'; reason: string }
	| { kind: 'valid'; definition: AuroraEvent; attributes: IDataObject; objectId: string };

function single(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function providedSecrets(query: IDataObject, headers: IDataObject): string[] {
	return [single(headers[SECRET_HEADER.toLowerCase()]), single(query[SECRET_QUERY_PARAMETER])].filter(
		(value): value is string => value !== undefined && value !== '',
	);
}

/**
 * Decides what to do with one GET from Aurora, in this order: is it from Aurora (our secret for that
 * subscription, in the header or the URL)? Is the event one we listen to? Are its attributes sane?
 * Nothing from the request reaches an API path unless it passed all three.
 */
export function verifyDelivery(input: {
	query: IDataObject;
	headers: IDataObject;
	subscriptions: StoredSubscriptions;
	selectedEvents: string[];
}): DeliveryVerdict {
	const { query, headers, subscriptions, selectedEvents } = input;
	const provided = providedSecrets(query, headers);
	const event = single(query[EVENT_QUERY_PARAMETER]) ?? '';
	const own = subscriptions[event];
	// Compare against every secret we hold, so the time taken does not reveal which events exist.
	const candidates = own ? [own.secret] : Object.values(subscriptions).map((subscription) => subscription.secret);
	let authorized = false;
	for (const secret of candidates) for (const value of provided) if (secretsEqual(value, secret)) authorized = true;
	if (!authorized) return { kind: 'unauthorized' };

	if (query[EVENT_QUERY_PARAMETER] !== undefined && typeof query[EVENT_QUERY_PARAMETER] !== 'string') {
		return { kind: 'invalid', reason: `${EVENT_QUERY_PARAMETER} was sent more than once` };
	}
	const definition = findEvent(event);
	if (!own || !definition || !selectedEvents.includes(event)) {
		return { kind: 'ignored', reason: `event "${event.slice(0, 64)}" is not selected in this trigger` };
	}

	const attributes: IDataObject = {};
	for (const token of definition.tokens) {
		const name = attributeName(token);
		const value = query[name];
		if (value === undefined) continue;
		if (typeof value !== 'string') return { kind: 'invalid', reason: `${name} was sent more than once` };
		if (value.length > MAX_ATTRIBUTE_LENGTH) return { kind: 'invalid', reason: `${name} is too long` };
		attributes[name] = value;
	}
	const objectId = attributes[definition.fetch.idAttribute];
	if (typeof objectId !== 'string' || objectId === '') {
		return { kind: 'invalid', reason: `${definition.fetch.idAttribute} is missing` };
	}
	if (!UUID.test(objectId)) return { kind: 'invalid', reason: `${definition.fetch.idAttribute} is not a UUID` };
	return { kind: 'valid', definition, attributes, objectId };
}
