import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import type { CatchUpList } from '../../events';
import { nodeKey } from '../node/identity';
import { SeenSet } from './seen-set';

/**
 * The catch-up sweep's memory: per list, what it has seen. It is kept in the leader's node static data
 * (key `catchUp`), which n8n saves at the end of every activation and with every emit, and which
 * deliveries on the leader's own process save in between (checkpoint.ts). Between saves it lives in
 * this process only, which is why the latest copy per node is kept here too: a republish or a save
 * that restarts the trigger in the same process continues from it instead of from an older save.
 */
export type ListKey = CatchUpList['key'];

export interface ListState {
	seen: SeenSet;
	/** Whether the stored content hashes mean something: false until a pass has recorded them. */
	contentCompared: boolean;
	/** Whether a whole pass over the list has finished; until then every object found is the baseline. */
	complete: boolean;
}

export interface CatchUpState {
	/** Grows with every change; the copy in static data says which revision it holds. */
	revision: number;
	/** When the trigger was activated afresh: an object created after it (see ACTIVATION_MARGIN_MS) is never part of the baseline. */
	activatedAt: number;
	lists: Partial<Record<ListKey, ListState>>;
}

const STATE_KEY = 'catchUp';

const storedList = z.object({ seen: z.string(), content: z.boolean(), complete: z.boolean() });
const stored = z.object({
	v: z.literal(1),
	revision: z.number().int().nonnegative(),
	activatedAt: z.number(),
	lists: z.record(z.string(), z.unknown()),
});

export function freshState(activatedAt: number): CatchUpState {
	return { revision: 0, activatedAt, lists: {} };
}

/** The state static data holds, or undefined when it holds none (or one too damaged to trust: a new baseline follows). */
export function readState(staticData: IDataObject): CatchUpState | undefined {
	const parsed = stored.safeParse(staticData[STATE_KEY]);
	if (!parsed.success) return undefined;
	const state: CatchUpState = { revision: parsed.data.revision, activatedAt: parsed.data.activatedAt, lists: {} };
	for (const key of ['leads', 'projects'] as const) {
		const list = storedList.safeParse(parsed.data.lists[key]);
		const seen = list.success ? SeenSet.decode(list.data.seen) : undefined;
		if (list.success && seen) state.lists[key] = { seen, contentCompared: list.data.content, complete: list.data.complete };
	}
	return state;
}

/**
 * The state as static data keeps it. Assigned as a new value to a top-level key, which n8n's change
 * detection always notices; the seen sets are one string each.
 */
export function encodeState(state: CatchUpState): IDataObject {
	const lists: IDataObject = {};
	for (const [key, list] of Object.entries(state.lists)) {
		if (list) lists[key] = { seen: list.seen.encode(), content: list.contentCompared, complete: list.complete };
	}
	return { v: 1, revision: state.revision, activatedAt: state.activatedAt, lists };
}

export function writeState(staticData: IDataObject, encoded: IDataObject): void {
	staticData[STATE_KEY] = encoded;
}

export function clearState(staticData: IDataObject): void {
	delete staticData[STATE_KEY];
}

/** The latest state per node in this process, and what the process knows about saving it. */
export interface LiveState {
	state: CatchUpState;
	/** Set when the trigger that owned it closed: a deactivation, or leadership passing to another main. */
	closed: boolean;
	/** When a delivery last wrote it into static data (checkpoint.ts). */
	checkpointAt: number;
	/** The revision that write held. */
	checkpointRevision: number;
	/** Deliveries passed on up to this time are folded into the state (checkpoint.ts). */
	foldedUpTo: number;
}

const live = new Map<string, LiveState>();

export function liveState(nodeKey: string): LiveState | undefined {
	return live.get(nodeKey);
}

/** Forgets the node's state in this process, if it is still `entry` (a newer activation may have replaced it), or in any case. */
export function forgetLiveState(nodeKey: string, entry?: LiveState): void {
	if (!entry || live.get(nodeKey) === entry) live.delete(nodeKey);
}

export function adoptLiveState(nodeKey: string, state: CatchUpState): LiveState {
	const entry: LiveState = { state, closed: false, checkpointAt: 0, checkpointRevision: state.revision, foldedUpTo: 0 };
	live.set(nodeKey, entry);
	return entry;
}

/**
 * The state a trigger starting in this process goes on from: the copy in memory when it is at least as
 * new as the saved one of the same activation (a republish or a save restarted the trigger here), else
 * the saved one, else a fresh state, whose first pass is the baseline.
 */
export function resolveLiveState(context: Parameters<typeof nodeKey>[0] & { getWorkflowStaticData(type: string): IDataObject }): LiveState {
	const key = nodeKey(context);
	const staticData = context.getWorkflowStaticData('node');
	// Only the header is read here: decoding the seen sets is for when the saved copy is taken.
	const header = stored.safeParse(staticData[STATE_KEY]);
	const existing = live.get(key);
	const sameOrNewer = header.success && existing?.state.activatedAt === header.data.activatedAt && existing.state.revision >= header.data.revision;
	if (existing && (!header.success || sameOrNewer)) {
		existing.closed = false;
		return existing;
	}
	return adoptLiveState(key, readState(staticData) ?? freshState(Date.now()));
}
