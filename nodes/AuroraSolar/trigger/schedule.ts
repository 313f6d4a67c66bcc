import { sleep } from 'n8n-workflow';
import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { CatchUpEngine } from './catch-up/engine';
import { catchUpPlan } from './catch-up/plan';
import { catchUpLock, exclusively, isBusy } from './node/lock';
import { nodeKey, spreadSecond } from './node/identity';
import { forgetPassedOnOf } from './node/passed-on';
import { readSettings } from './node/settings';
import { checkOnce } from './subscriptions/scheduled-check';

/** Long enough for n8n to finish the webhook set-up it starts alongside trigger() on 2.x. */
export const FIRST_CHECK_DELAY_MS = 5_000;

/**
 * Why a webhook trigger has a trigger() at all. n8n 2.x runs checkExists only when a workflow is
 * published or started, so without a schedule of our own a subscription that Aurora disables, or that
 * someone deletes in Aurora, would stay dead until then; and only a schedule can catch up what Aurora
 * never delivered (or, when polling, receive anything at all). n8n runs trigger() on the leader only,
 * at activation and at every start-up, and its crons fire on the leader only, so the scheduled work
 * runs once per installation.
 */
export function startSchedule(this: ITriggerFunctions): ITriggerResponse {
	// "Listen for test event" has its own short-lived subscriptions; n8n removes them itself.
	if (this.getMode() === 'manual') return {};
	const settings = readSettings(this);
	const checksSubscriptions = settings.receiveVia === 'webhooks';
	const intervalMs = settings.checkIntervalMinutes * 60_000;
	const plan = catchUpPlan(settings);
	const engine = plan ? new CatchUpEngine(this, plan) : undefined;
	const lock = catchUpLock(nodeKey(this));
	let lastCheck = Date.now();
	let closed = false;

	const check = async () => {
		if (closed || !checksSubscriptions) return;
		lastCheck = Date.now();
		try {
			await checkOnce.call(this);
		} catch (error) {
			this.logger.warn(`Aurora Solar Trigger: the subscription check failed: ${(error as Error).message}`);
		}
	};
	const catchUp = async () => {
		// A tick still at work (a long backlog, a slow Aurora) is not overtaken: the next tick looks again.
		if (closed || !engine || isBusy(lock)) return;
		try {
			await exclusively(lock, async () => await engine.tick());
		} catch (error) {
			this.logger.warn(`Aurora Solar Trigger: the catch-up failed: ${(error as Error).message}`);
		}
	};
	// A cron every minute that acts once the interval has passed: cron expressions cannot say
	// "every 7 minutes" or "every 25 hours", and a restart must not wait a whole interval.
	this.helpers.registerCron({ expression: `${spreadSecond(this)} * * * * *` }, () => {
		if (Date.now() - lastCheck >= intervalMs - 1_000) void check();
		void catchUp();
	});
	void sleep(FIRST_CHECK_DELAY_MS).then(async () => {
		await check();
		await catchUp();
	});
	return {
		closeFunction: async () => {
			closed = true;
			// What this process kept for the node goes with its trigger: a new trigger starts from static data.
			engine?.close();
			forgetPassedOnOf(nodeKey(this));
		},
	};
}
