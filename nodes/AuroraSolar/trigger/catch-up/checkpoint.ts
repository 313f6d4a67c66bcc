import type { IDataObject } from 'n8n-workflow';

import { encodeState, liveState, writeState } from './state';

/**
 * Saving the sweep's state between emits. n8n saves a trigger's static data only at the end of an
 * activation and with each emit (nothing saves it on a cron tick), so on a healthy installation, where
 * the sweep never has anything to emit, what it learnt would be lost at the next restart, and every
 * lead delivered since would be passed on again. n8n does save the static data a webhook() call
 * changed. So a delivery that lands on the leader's own process (one main instance: all of them)
 * writes the leader's latest state into its copy, at most every CHECKPOINT_INTERVAL_MS.
 *
 * That copy was read from the database when the request began, and n8n writes it back whole. It is
 * therefore never written while set-up may be saving (within SETTLE_MS of a set-up in this process),
 * so the subscriptions' hashes in it are the saved ones. Webhook processors in queue mode have no
 * state of the leader's and write nothing.
 */
export const CHECKPOINT_INTERVAL_MS = 5 * 60_000;
const SETTLE_MS = 5 * 60_000;

const setUpAt = new Map<string, number>();

/** Set-up of this node began in this process (checkExists, create or delete). */
export function markSetUp(nodeKey: string, now: number = Date.now()): void {
	setUpAt.set(nodeKey, now);
}

/** Writes the leader's state into the delivery's static data when it is due; true when it did. */
export function checkpoint(nodeKey: string, staticData: IDataObject, now: number = Date.now()): boolean {
	const live = liveState(nodeKey);
	if (!live || live.closed) return false;
	if (live.state.revision <= live.checkpointRevision || now - live.checkpointAt < CHECKPOINT_INTERVAL_MS) return false;
	if (now - (setUpAt.get(nodeKey) ?? 0) < SETTLE_MS) return false;
	writeState(staticData, encodeState(live.state));
	live.checkpointAt = now;
	live.checkpointRevision = live.state.revision;
	return true;
}
