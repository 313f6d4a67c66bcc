import type { IDataObject } from 'n8n-workflow';

import { passedOnBetween } from '../node/passed-on';
import { fingerprint } from './seen-set';
import type { ListKey, LiveState } from './state';
import { encodeState, liveState, writeState } from './state';

/**
 * Saving the sweep's state from a delivery. n8n saves a trigger's static data at the end of an
 * activation and with each emit, never on a cron tick, so on a healthy installation, where the sweep
 * has nothing to emit, what the leader learnt would be lost at the next restart, and every lead
 * delivered since would be caught up again. A webhook() call's changes are saved too, on both n8n
 * versions, when the call answers Aurora itself before the execution starts; n8n 2.x loses them when
 * n8n answers for it (test/e2e/n8n-static-data.e2e.test.ts shows both). So a delivery on the leader's
 * own process (one main instance) that finds a checkpoint due writes the leader's latest state into
 * its copy, with what this process's deliveries passed on folded in, and answers Aurora itself.
 *
 * - Only deliveries older than FOLD_AFTER_MS are folded in: by then their executions exist, so if n8n
 *   died right after this answer, the saved state never says a lead was passed on when it was not.
 * - The copy was read from the database when the request began, and n8n writes it back whole: it is
 *   never written while set-up runs in this process or within SETTLE_MS of its end (n8n saves set-up's
 *   changes right after it), so the subscriptions' hashes in it are the saved ones.
 * - Webhook processors in queue mode hold no state of the leader's and write nothing; what they passed
 *   on is found in n8n's dedupe store (trigger/delivery-record.ts).
 */
export const CHECKPOINT_INTERVAL_MS = 2 * 60_000;
export const FOLD_AFTER_MS = 30_000;
const SETTLE_MS = 2 * 60_000;

const setUps = new Map<string, { running: number; endedAt: number }>();

/** Runs n8n's set-up of this node (checkExists, create or delete), which no checkpoint may overlap. */
export async function duringSetUp<T>(nodeKey: string, work: () => Promise<T>): Promise<T> {
	const entry = setUps.get(nodeKey) ?? { running: 0, endedAt: 0 };
	setUps.set(nodeKey, entry);
	entry.running++;
	try {
		return await work();
	} finally {
		entry.running--;
		entry.endedAt = Date.now();
	}
}

/** The node was deactivated in this process: no set-up of it is remembered. */
export function forgetSetUps(nodeKey: string): void {
	if (setUps.get(nodeKey)?.running === 0) setUps.delete(nodeKey);
}

function settled(nodeKey: string, now: number): boolean {
	const entry = setUps.get(nodeKey);
	return !entry || (entry.running === 0 && now - entry.endedAt >= SETTLE_MS);
}

/** Records in the seen sets what this process passed on since the last fold, up to FOLD_AFTER_MS ago. */
function foldPassedOn(nodeKey: string, live: LiveState, now: number): void {
	const until = now - FOLD_AFTER_MS;
	let changed = false;
	for (const { list, id, entry } of passedOnBetween(nodeKey, live.foldedUpTo, until)) {
		const seen = live.state.lists[list as ListKey]?.seen;
		const content = entry.content ?? 0;
		if (!seen || seen.get(fingerprint(id)) === content) continue;
		seen.set(fingerprint(id), content);
		changed = true;
	}
	live.foldedUpTo = Math.max(live.foldedUpTo, until);
	if (changed) live.state.revision++;
}

/** Writes the leader's state into the delivery's static data when a checkpoint is due; true when it did. */
export function checkpoint(nodeKey: string, staticData: IDataObject, now: number = Date.now()): boolean {
	const live = liveState(nodeKey);
	if (!live || live.closed) return false;
	if (now - live.checkpointAt < CHECKPOINT_INTERVAL_MS || !settled(nodeKey, now)) return false;
	foldPassedOn(nodeKey, live, now);
	if (live.state.revision <= live.checkpointRevision) return false;
	writeState(staticData, encodeState(live.state));
	live.checkpointAt = now;
	live.checkpointRevision = live.state.revision;
	return true;
}
