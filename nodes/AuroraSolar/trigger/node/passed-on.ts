import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import type { AuroraEvent, CatchUpList } from '../../events';
import { LISTABLE_EVENTS, findEvent } from '../../events';

/**
 * What this n8n process passed on to a trigger node's workflow, and how: by a webhook delivery or by the
 * catch-up sweep. Deliveries and the sweep share it, so that on one main instance the sweep does not
 * pass on again what a delivery just did, and a late redelivery from Aurora does not repeat what the
 * sweep caught up. It lives in memory only: webhook processors in queue mode have their own, which the
 * main instance cannot see (the README says what that costs), and a restart empties it.
 */
export interface PassedOn {
	via: 'webhook' | 'catch-up';
	event: string;
	/** The object's content hash (contentHash below) when it was known. */
	content?: number;
	at: number;
}

/** Aurora's last redelivery comes about 24 h after the event. */
const LIFETIME_MS = 26 * 60 * 60 * 1000;
/** Per node; beyond it the oldest entries go first (a sweep then sees them as unexplained, at worst a duplicate). */
const MOST_ENTRIES = 200_000;

const byNode = new Map<string, Map<string, PassedOn>>();

function entryKey(list: string, id: string): string {
	return `${list}:${id}`;
}

export function recordPassedOn(nodeKey: string, list: string, id: string, entry: PassedOn): void {
	let entries = byNode.get(nodeKey);
	if (!entries) byNode.set(nodeKey, (entries = new Map()));
	const key = entryKey(list, id);
	// Deleted first so that insertion order stays the order of time, oldest first.
	entries.delete(key);
	entries.set(key, entry);
	for (const [oldest, { at }] of entries) {
		if (entries.size <= MOST_ENTRIES && entry.at - at < LIFETIME_MS) break;
		entries.delete(oldest);
	}
}

export function passedOn(nodeKey: string, list: string, id: string, now: number = Date.now()): PassedOn | undefined {
	const entry = byNode.get(nodeKey)?.get(entryKey(list, id));
	return entry && now - entry.at < LIFETIME_MS ? entry : undefined;
}

/** What this process passed on for the node from `after` (exclusive) to `until` (inclusive), by list and id. */
export function passedOnBetween(nodeKey: string, after: number, until: number): Array<{ list: string; id: string; entry: PassedOn }> {
	const found: Array<{ list: string; id: string; entry: PassedOn }> = [];
	for (const [key, entry] of byNode.get(nodeKey) ?? []) {
		if (entry.at <= after || entry.at > until) continue;
		const separator = key.indexOf(':');
		found.push({ list: key.slice(0, separator), id: key.slice(separator + 1), entry });
	}
	return found;
}

/** The node stopped in this process (its trigger closed, or it was deactivated): nothing of it is kept. */
export function forgetPassedOnOf(nodeKey: string): void {
	byNode.delete(nodeKey);
}

/** A caught-up execution that did not succeed: Aurora's redelivery of the same event may run it again. */
export function forgetPassedOn(nodeKey: string, list: string, id: string, at: number): void {
	const entries = byNode.get(nodeKey);
	if (entries?.get(entryKey(list, id))?.at === at) entries.delete(entryKey(list, id));
}

/** JSON with every object's keys sorted, so that the same content hashes the same whatever its key order. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.sort()
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** 4 bytes of the SHA-256 of the content, never 0 (0 means "not compared"). */
export function contentHash(content: unknown): number {
	const value = createHash('sha256').update(canonical(content)).digest().readUInt32BE(0);
	return value === 0 ? 1 : value;
}

/** The catch-up list an event's object belongs to (a lead of any lead event, a project of any project event), if any. */
export function catchUpListOf(definition: AuroraEvent): CatchUpList | undefined {
	return LISTABLE_EVENTS.find((candidate) => candidate.fetch.key === definition.fetch.key)?.catchUp?.list;
}

/** Whether the node compares the contents of the list's objects: one of its selected events finds changes in it. */
export function comparesContent(list: CatchUpList, selected: string[]): boolean {
	return selected.some((event) => {
		const catchUp = findEvent(event)?.catchUp;
		return catchUp?.list === list && catchUp.finds === 'changed';
	});
}

/** What passing an event's object on means to the catch-up: its list, and its content hash when the node compares the list's contents. */
export function passedOnObject(definition: AuroraEvent, selected: string[], object?: IDataObject): { list: CatchUpList; content?: number } | undefined {
	const list = catchUpListOf(definition);
	if (!list) return undefined;
	return { list, content: object && comparesContent(list, selected) ? contentHash(list.content(object)) : undefined };
}
