import type { IDataObject } from 'n8n-workflow';

import type { AuroraEvent, CatchUpList } from '../../events';
import type { PassedOn } from '../node/passed-on';
import type { ListState } from './state';
import { contentHash } from '../node/passed-on';
import { fingerprint } from './seen-set';

/** An object no delivery and no earlier pass accounts for: the event it stands for, and the object as listed. */
export interface Candidate {
	event: AuroraEvent;
	id: string;
	object: IDataObject;
	/** Its content hash, or 0 when content is not compared. */
	content: number;
	/** What was recorded for it before (undefined: never seen), to put back if it cannot be passed on. */
	previous?: number;
}

/** What one pass over a list looks for: the selected events it serves, by what they find. */
export interface ListWatch {
	list: CatchUpList;
	created?: AuroraEvent;
	changed?: AuroraEvent;
	/** When the trigger was activated afresh: objects created after it are never part of the baseline. */
	activatedAt: number;
	/** What this process passed on for an object of the list, if anything. */
	passedOn: (id: string) => PassedOn | undefined;
}

/**
 * How long before the activation an object may have been created and still count as an event rather
 * than the baseline. n8n 2.x applies a publication a moment after the publish call has returned (its
 * outbox runs set-up and trigger() afterwards: measured 0.6 s on an idle machine, longer under load),
 * so a lead created right after the user published would otherwise be taken for one that existed.
 * Only an object whose creation time Aurora lists can be told apart this way.
 */
export const ACTIVATION_MARGIN_MS = 30_000;

/** An object's id as Aurora lists it; undefined for an entry without one. */
export function objectId(object: IDataObject): string | undefined {
	const id = object.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** When Aurora says the object was created, if its list says so (Retrieve Lead's example has `created_at`; the list's is not confirmed). */
function createdAt(object: IDataObject): number | undefined {
	const value = object.created_at;
	const at = typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
	return Number.isFinite(at) ? at : undefined;
}

/**
 * Compares one page of a list with what was seen, records what it finds, and returns the candidates.
 * During the baseline (the list's first whole pass) what exists is recorded, not passed on, unless
 * Aurora says it was created after the activation (or within ACTIVATION_MARGIN_MS before it). An
 * object a delivery already passed on is recorded too: on one main instance that is every lead
 * Aurora delivered.
 */
export function examinePage(watch: ListWatch, state: ListState, items: IDataObject[]): { candidates: Candidate[]; recorded: number } {
	const candidates: Candidate[] = [];
	let recorded = 0;
	const record = (fp: ReturnType<typeof fingerprint>, content: number) => {
		state.seen.set(fp, content);
		recorded++;
	};
	const compare = watch.changed !== undefined;
	for (const object of items) {
		const id = objectId(object);
		if (id === undefined) continue;
		const fp = fingerprint(id);
		const seen = state.seen.get(fp);
		const content = compare ? contentHash(watch.list.content(object)) : 0;
		if (seen === undefined) {
			const created = createdAt(object);
			const baseline = !state.complete && (created === undefined || created < watch.activatedAt - ACTIVATION_MARGIN_MS);
			const delivered = baseline ? undefined : watch.passedOn(id);
			// Delivered as it was then; changed since, without a delivery of the change: that change is the event.
			const changedSince = delivered?.content !== undefined && compare && delivered.content !== content;
			if (changedSince && watch.changed) candidates.push({ event: watch.changed, id, object, content, previous: delivered?.content });
			else if (baseline || !watch.created || delivered) record(fp, content);
			else candidates.push({ event: watch.created, id, object, content });
			continue;
		}
		if (!watch.changed || seen === content) continue;
		// Content recorded before changes were compared (lead_changed was added to the events): a new baseline.
		if (seen === 0 || !state.contentCompared) {
			record(fp, content);
			continue;
		}
		const delivered = watch.passedOn(id);
		if (delivered && (delivered.content === undefined || delivered.content === content)) record(fp, content);
		else candidates.push({ event: watch.changed, id, object, content, previous: seen });
	}
	return { candidates, recorded };
}
