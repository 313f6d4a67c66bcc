import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { AuroraEvent } from '../../events';
import { AURORA_EVENTS, EVENT_QUERY_PARAMETER, attributeName, findEvent } from '../../events';
import { AURORA_ID } from '../../ids';
import { SECRET_HEADER, SECRET_QUERY_PARAMETER } from '../../delivery-secret';
import { matchesAnyHash } from '../node/secrets';
import type { RetiredSecret, StoredSubscriptions } from '../node/static-data';

const MAX_ATTRIBUTE_LENGTH = 256;
/** How much of a bad attribute value is shown back to the user. */
const SHOWN_LENGTH = 64;
/** How many values of a repeated attribute are shown back. */
const SHOWN_VALUES = 5;

export type DeliveryVerdict =
	/** `event` is the selected event the delivery names, when it names one: a secret derived for it may still match. */
	| { kind: 'unauthorized'; event?: string }
	| { kind: 'ignored'; reason: string }
	/** Authentic, but not something we can retrieve: the user still gets the event, with `error`. */
	| { kind: 'malformed'; definition: AuroraEvent; attributes: IDataObject; reason: string }
	| { kind: 'valid'; definition: AuroraEvent; attributes: IDataObject; objectId: string };

export function providedSecrets(query: IDataObject, headers: IDataObject): string[] {
	const values = [headers[SECRET_HEADER.toLowerCase()], query[SECRET_QUERY_PARAMETER]].flat();
	return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** The event a delivery names: one value, or the same value repeated. */
export function namedEvent(value: unknown): string {
	const values = [value].flat().filter((entry): entry is string => typeof entry === 'string');
	const unique = [...new Set(values)];
	return unique.length === 1 ? unique[0] : '';
}

/** Shown back to the user in the error item: printable, and short. */
function shown(value: string): string {
	// Control characters would corrupt the spreadsheets and logs this item ends up in.
	const printable = [...value].filter((character) => character >= ' ' && character !== '\u007f').join('');
	return printable.length > SHOWN_LENGTH ? `${printable.slice(0, SHOWN_LENGTH)}…` : printable;
}

function shownValue(value: unknown): string | string[] {
	if (Array.isArray(value)) return value.slice(0, SHOWN_VALUES).map((entry) => shown(String(entry)));
	return shown(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/** One attribute of a delivery: a single value (a repeated query parameter arrives as a list), and short. */
function attribute(name: string) {
	return z
		.string({ invalid_type_error: `${name} was sent more than once` })
		.max(MAX_ATTRIBUTE_LENGTH, `${name} is longer than ${MAX_ATTRIBUTE_LENGTH} characters`)
		.optional();
}

/** The attribute that carries the id of the object to retrieve: it goes into an API path. */
function objectId(name: string) {
	const missing = `${name} is missing`;
	return z.string({ required_error: missing }).min(1, missing).regex(AURORA_ID, `${name} is not a UUID`);
}

/**
 * One schema per event of the catalogue, built once: the event's attributes (every other query
 * parameter is dropped), then, only when they are all sane, the id that is retrieved.
 */
const DELIVERY_SCHEMAS: ReadonlyMap<string, z.ZodType<IDataObject>> = new Map(
	AURORA_EVENTS.map(({ event, tokens, fetch }) => {
		const attributes = z.object(Object.fromEntries(tokens.map((token) => [attributeName(token), attribute(attributeName(token))])));
		const id = z.object({ [fetch.idAttribute]: objectId(fetch.idAttribute) }).passthrough();
		return [event, attributes.pipe(id)];
	}),
);

/**
 * Decides what to do with one GET from Aurora, in this order: is it from Aurora (a secret this node
 * issued for the event, in the header or the URL, current or retired within its lifetime)? Is the
 * event one we listen to? Are its attributes sane? Nothing from the request reaches an API path
 * unless it passed all three; an authentic delivery that fails the last check still reaches the user.
 */
export function verifyDelivery(input: {
	query: IDataObject;
	headers: IDataObject;
	subscriptions: StoredSubscriptions;
	retired: RetiredSecret[];
	/** Hashes of secrets set-up chose in this process for the named event that n8n has not saved yet. */
	unsaved?: (event: string) => string[];
	/** Hashes of secrets derived just now for the named event (see receive.ts): the token changed since set-up. */
	derived?: string[];
	selectedEvents: string[];
}): DeliveryVerdict {
	const { query, headers, subscriptions, retired, selectedEvents } = input;
	const provided = providedSecrets(query, headers);
	const event = namedEvent(query[EVENT_QUERY_PARAMETER]);
	// An own property only: "__proto__" or "constructor" must not find Object.prototype.
	const own = Object.prototype.hasOwnProperty.call(subscriptions, event) ? subscriptions[event] : undefined;
	const retiredHashes = retired.filter((entry) => entry.event === event).map((entry) => entry.hash);
	const unsaved = input.unsaved?.(event) ?? [];
	const derived = input.derived ?? [];
	const definition = findEvent(event);
	const schema = DELIVERY_SCHEMAS.get(event);
	if (!definition || !schema || !selectedEvents.includes(event)) {
		// Acknowledged only if it comes from one of our subscriptions (a leftover), so Aurora stops
		// sending it; compared against every secret, so the time taken does not reveal which events exist.
		const current = own ? [own.hash] : Object.values(subscriptions).map((subscription) => subscription.hash);
		if (!matchesAnyHash(provided, [...current, ...unsaved, ...retiredHashes])) return { kind: 'unauthorized' };
		return { kind: 'ignored', reason: `event "${shown(event)}" is not selected in this trigger` };
	}
	// A selected event needs a secret issued for this event: the current one, one set-up has just
	// chosen, or a retired one. While n8n replaces a subscription (a save, a republish) static data may
	// hold only the retired secret; such a delivery is the user's lead and must not be dropped.
	if (!matchesAnyHash(provided, [...(own ? [own.hash] : []), ...unsaved, ...retiredHashes, ...derived])) {
		return { kind: 'unauthorized', ...(own?.nonce ? { event } : {}) };
	}

	const parsed = schema.safeParse(query);
	if (parsed.success) {
		return { kind: 'valid', definition, attributes: parsed.data, objectId: String(parsed.data[definition.fetch.idAttribute]) };
	}
	// The attributes as received, with each bad value shown back printable and short.
	const { issues } = parsed.error;
	const bad = new Set(issues.map((issue) => issue.path[0]));
	const attributes: IDataObject = {};
	for (const token of definition.tokens) {
		const name = attributeName(token);
		const value = query[name];
		if (value !== undefined) attributes[name] = bad.has(name) ? shownValue(value) : value;
	}
	return { kind: 'malformed', definition, attributes, reason: issues[0].message };
}
