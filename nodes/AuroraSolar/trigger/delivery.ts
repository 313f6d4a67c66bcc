import type { IDataObject } from 'n8n-workflow';

import type { AuroraEvent } from '../events';
import { attributeName, findEvent } from '../events';
import { SECRET_HEADER, SECRET_QUERY_PARAMETER, matchesAnySecret } from './secret';
import type { RetiredSecret, StoredSubscriptions } from './static-data';
import { EVENT_QUERY_PARAMETER } from './url-template';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTRIBUTE_LENGTH = 256;
/** How much of a bad attribute value is shown back to the user. */
const SHOWN_LENGTH = 64;
/** How many values of a repeated attribute are shown back. */
const SHOWN_VALUES = 5;

export type DeliveryVerdict =
	| { kind: 'unauthorized' }
	| { kind: 'ignored'; reason: string }
	/** Authentic, but not something we can retrieve: the user still gets the event, with `error`. */
	| { kind: 'malformed'; definition: AuroraEvent; attributes: IDataObject; reason: string }
	| { kind: 'valid'; definition: AuroraEvent; attributes: IDataObject; objectId: string };

function providedSecrets(query: IDataObject, headers: IDataObject): string[] {
	const values = [headers[SECRET_HEADER.toLowerCase()], query[SECRET_QUERY_PARAMETER]].flat();
	return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** The event a delivery names: one value, or the same value repeated. */
function namedEvent(value: unknown): string {
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

/** What is wrong with one attribute value, or undefined. */
function problemWith(name: string, value: unknown): string | undefined {
	if (typeof value !== 'string') return `${name} was sent more than once`;
	if (value.length > MAX_ATTRIBUTE_LENGTH) return `${name} is longer than ${MAX_ATTRIBUTE_LENGTH} characters`;
	return undefined;
}

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
	/** Secrets set-up chose in this process for the named event that n8n has not saved yet. */
	unsaved?: (event: string) => string[];
	selectedEvents: string[];
}): DeliveryVerdict {
	const { query, headers, subscriptions, retired, selectedEvents } = input;
	const provided = providedSecrets(query, headers);
	const event = namedEvent(query[EVENT_QUERY_PARAMETER]);
	// An own property only: "__proto__" or "constructor" must not find Object.prototype.
	const own = Object.prototype.hasOwnProperty.call(subscriptions, event) ? subscriptions[event] : undefined;
	const retiredHashes = retired.filter((entry) => entry.event === event).map((entry) => entry.hash);
	const unsaved = input.unsaved?.(event) ?? [];
	const definition = findEvent(event);
	if (!definition || !selectedEvents.includes(event)) {
		// Acknowledged only if it comes from one of our subscriptions (a leftover), so Aurora stops
		// sending it; compared against every secret, so the time taken does not reveal which events exist.
		const current = own ? [own.secret] : Object.values(subscriptions).map((subscription) => subscription.secret);
		if (!matchesAnySecret(provided, [...current, ...unsaved], retiredHashes)) return { kind: 'unauthorized' };
		return { kind: 'ignored', reason: `event "${shown(event)}" is not selected in this trigger` };
	}
	// A selected event needs a secret issued for this event: the current one, one set-up has just
	// chosen, or a retired one. While n8n replaces a subscription (a save, a republish) static data may
	// hold only the retired secret; such a delivery is the user's lead and must not be dropped.
	if (!matchesAnySecret(provided, [own?.secret ?? '', ...unsaved], retiredHashes)) return { kind: 'unauthorized' };

	const attributes: IDataObject = {};
	let reason: string | undefined;
	for (const token of definition.tokens) {
		const name = attributeName(token);
		const value = query[name];
		if (value === undefined) continue;
		const problem = problemWith(name, value);
		if (problem) {
			reason ??= problem;
			attributes[name] = shownValue(value);
		} else {
			attributes[name] = value;
		}
	}
	const idName = definition.fetch.idAttribute;
	const objectId = attributes[idName];
	if (!reason && (objectId === undefined || objectId === '')) reason = `${idName} is missing`;
	if (!reason && !UUID.test(String(objectId))) {
		reason = `${idName} is not a UUID`;
		attributes[idName] = shownValue(objectId);
	}
	if (reason) return { kind: 'malformed', definition, attributes, reason };
	return { kind: 'valid', definition, attributes, objectId: String(objectId) };
}
