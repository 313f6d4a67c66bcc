import type { IHookFunctions } from 'n8n-workflow';

import { catchUpLock, exclusively } from '../node/lock';
import { nodeKey } from '../node/identity';
import type { CatchUpPlan } from './plan';
import { ListReader } from './reader';
import { adoptLiveState, encodeState, freshState, writeState } from './state';

/**
 * How long set-up reads lists for the baseline. What it records is saved with the activation; a
 * larger tenant's baseline goes on in the sweep, within the rate budget (10,000 leads are 40 pages).
 */
export const BASELINE_IN_SET_UP_MS = 10_000;

/**
 * A fresh activation: what exists in Aurora now is the baseline, not a flood of events. The state of
 * an earlier activation goes (what happened while the workflow was off is not caught up). Reads as
 * much as fits in BASELINE_IN_SET_UP_MS, so that n8n saves it with the activation.
 */
export async function takeBaseline(this: IHookFunctions, plan: CatchUpPlan): Promise<void> {
	const key = nodeKey(this);
	const state = freshState(Date.now());
	const live = adoptLiveState(key, state);
	const stop = await exclusively(catchUpLock(key), async () => {
		const reader = new ListReader(this, state, plan.events, plan.lists);
		return await reader.read(() => undefined, Date.now() + BASELINE_IN_SET_UP_MS);
	});
	writeState(this.getWorkflowStaticData('node'), encodeState(state));
	live.checkpointRevision = state.revision;
	if (stop !== 'done') {
		this.logger.info(`Aurora Solar Trigger: the catch-up's baseline of what exists in Aurora goes on in the background (${stop}).`);
	}
}
