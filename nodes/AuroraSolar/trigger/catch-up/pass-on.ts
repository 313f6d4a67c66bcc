import { sleep } from 'n8n-workflow';
import type { IDataObject, IRun, ITriggerFunctions } from 'n8n-workflow';

import { attributeName } from '../../events';
import { nodeKey } from '../node/identity';
import { forgetPassedOn, recordPassedOn } from '../node/passed-on';
import type { Candidate } from './examine';

/** How long one caught-up execution may hold a slot before the next one starts anyway. */
const SLOT_TIMEOUT_MS = 60_000;
/** Caught-up executions running at once: a backlog of hundreds must not swamp n8n's database. */
export const CONCURRENT_PASS_ONS = 4;

/**
 * The item a caught-up object starts the workflow with: the shape of a delivered one (`event`,
 * `received_at`, the event's attributes, the object under its key when Retrieve Details is on) and
 * `caught_up: true`, so one store step handles both.
 */
export function caughtUpItem(candidate: Candidate, retrieveDetails: boolean, now: number = Date.now()): IDataObject {
	const { event, id, object } = candidate;
	const item: IDataObject = { event: event.event, received_at: new Date(now).toISOString() };
	for (const token of event.tokens) {
		const name = attributeName(token);
		if (name === event.fetch.idAttribute) item[name] = id;
		else if (typeof object[name] === 'string' || typeof object[name] === 'number') item[name] = String(object[name]);
	}
	if (retrieveDetails) item[event.fetch.key] = object;
	item.caught_up = true;
	return item;
}

/**
 * n8n 2.x starts no second execution for a key it has seen (for as long as the first execution is
 * kept): a caught-up object whose save was lost in a crash is not passed on twice. n8n 1.x ignores it.
 */
export function deduplicationKey(context: ITriggerFunctions, candidate: Candidate): string {
	return `aurora-solar:${nodeKey(context)}:${candidate.event.event}:${candidate.id}:${candidate.content.toString(16)}`;
}

export interface PassOnOutcome {
	/** The execution ran, or n8n knew the key already: the object reached the workflow. */
	reached: boolean;
}

/**
 * Starts one execution for a caught-up object and settles when it has finished (or its slot timed
 * out). The object counts as passed on once the execution started; if it did not succeed, a
 * redelivery from Aurora may run the event again, so this process forgets having passed it on.
 */
export async function passOn(
	this: ITriggerFunctions,
	candidate: Candidate,
	options: { list: string; retrieveDetails: boolean },
): Promise<PassOnOutcome> {
	const key = nodeKey(this);
	const at = Date.now();
	recordPassedOn(key, options.list, candidate.id, { via: 'catch-up', event: candidate.event.event, content: candidate.content || undefined, at });
	const done = this.helpers.createDeferredPromise<IRun>();
	this.emit([this.helpers.returnJsonArray([caughtUpItem(candidate, options.retrieveDetails, at)])], undefined, done, deduplicationKey(this, candidate));
	try {
		const run = await Promise.race([done.promise, sleep(SLOT_TIMEOUT_MS).then(() => 'timeout' as const)]);
		if (run !== 'timeout' && run !== undefined && run.status !== 'success') forgetPassedOn(key, options.list, candidate.id, at);
		return { reached: true };
	} catch {
		// The execution could not start (the workflow was unpublished meanwhile, the database refused it).
		forgetPassedOn(key, options.list, candidate.id, at);
		return { reached: false };
	}
}
