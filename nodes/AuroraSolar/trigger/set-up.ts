import { NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions } from 'n8n-workflow';

import { LISTABLE_EVENTS } from '../events';
import { resolveConnection } from '../transport/request';
import { takeBaseline } from './catch-up/baseline';
import { duringSetUp, forgetSetUps } from './catch-up/checkpoint';
import { forgetLiveState } from './catch-up/state';
import { catchUpPlan } from './catch-up/plan';
import { nodeKey } from './node/identity';
import { forgetPassedOnOf } from './node/passed-on';
import type { TriggerSettings } from './node/settings';
import { readSettings } from './node/settings';
import { offerSample } from './polling-sample';
import { checkSubscriptions, createSubscriptions, deleteSubscriptions } from './subscriptions/lifecycle';

/**
 * n8n's webhook lifecycle (checkExists / create / delete) for the whole trigger: the subscriptions
 * when Aurora's webhooks deliver, nothing of Aurora's when polling, and at a fresh activation the
 * catch-up's baseline in either case.
 */

/** A fresh activation that catches up takes its baseline now, so that n8n saves it with the activation. */
async function baselineOnFreshActivation(this: IHookFunctions, settings: TriggerSettings): Promise<void> {
	if (this.getMode() === 'manual' || this.getActivationMode() !== 'activate') return;
	const plan = catchUpPlan(settings);
	if (plan) await takeBaseline.call(this, plan);
}

/**
 * Polling: no subscription in Aurora, so no public URL is needed. Subscriptions left from when the
 * node received webhooks are removed (a failure there is only logged: polling does not need them gone).
 */
async function setUpPolling(this: IHookFunctions, settings: TriggerSettings): Promise<void> {
	await resolveConnection.call(this);
	if (!catchUpPlan(settings)) {
		const pollable = LISTABLE_EVENTS.map((definition) => definition.name);
		throw new NodeOperationError(this.getNode(), 'None of the selected events can be received by polling', {
			description: `Polling lists objects in Aurora and can find only these events: ${pollable.join(', ')}. Select one of them, or set Receive Events Via to Aurora Webhooks.`,
		});
	}
	// "Listen for test event": polling has no delivery to wait for, so it hands n8n a sample itself.
	if (this.getMode() === 'manual') offerSample.call(this);
	if (this.getMode() !== 'manual' && this.getActivationMode() !== 'init') {
		try {
			await deleteSubscriptions.call(this);
		} catch (error) {
			this.logger.warn(`Aurora Solar Trigger: polling needs no webhook subscription; an old one could not be removed: ${(error as Error).message}`);
		}
	}
	await baselineOnFreshActivation.call(this, settings);
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	return await duringSetUp(nodeKey(this), async () => {
		const settings = readSettings(this);
		if (settings.receiveVia === 'polling') {
			await setUpPolling.call(this, settings);
			return true;
		}
		const exists = await checkSubscriptions.call(this, settings);
		if (exists) await baselineOnFreshActivation.call(this, settings);
		return exists;
	});
}

export async function create(this: IHookFunctions): Promise<boolean> {
	return await duringSetUp(nodeKey(this), async () => {
		// Polling: checkExists() did the set-up and said so; n8n calls create() only when it said otherwise.
		const settings = readSettings(this);
		if (settings.receiveVia === 'polling') return true;
		const created = await createSubscriptions.call(this, settings);
		await baselineOnFreshActivation.call(this, settings);
		return created;
	});
}

/** n8n's delete(): the node's subscriptions go, and so does everything this process kept for the node. */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const key = nodeKey(this);
	try {
		return await duringSetUp(key, async () => await deleteSubscriptions.call(this));
	} finally {
		forgetLiveState(key);
		forgetPassedOnOf(key);
		forgetSetUps(key);
	}
}
