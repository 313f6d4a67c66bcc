import { sleep } from 'n8n-workflow';
import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { spreadSecond } from './node-identity';
import { checkOnce } from './subscriptions/scheduled-check';

export const DEFAULT_CHECK_INTERVAL_MINUTES = 15;

/** Long enough for n8n to finish the webhook set-up it starts alongside trigger() on 2.x. */
export const FIRST_CHECK_DELAY_MS = 5_000;

function intervalMinutes(context: ITriggerFunctions): number {
	const options = context.getNodeParameter('options', {}) as { checkIntervalMinutes?: unknown };
	const minutes = Number(options.checkIntervalMinutes ?? DEFAULT_CHECK_INTERVAL_MINUTES);
	if (!Number.isFinite(minutes)) return DEFAULT_CHECK_INTERVAL_MINUTES;
	return Math.min(1440, Math.max(1, Math.round(minutes)));
}

/**
 * Why a webhook trigger has a trigger() at all: n8n 2.x runs checkExists only when a workflow is
 * published, so without a schedule of our own a subscription that Aurora disables, or that someone
 * deletes in Aurora, would stay dead until the next publish. n8n runs trigger() on the leader only,
 * at activation and at every start-up (2.x re-registers it there), and its crons fire on the leader
 * only, so the scheduled work runs once per installation.
 */
export function startSchedule(this: ITriggerFunctions): ITriggerResponse {
	// "Listen for test event" has its own short-lived subscriptions; n8n removes them itself.
	if (this.getMode() === 'manual') return {};
	const intervalMs = intervalMinutes(this) * 60_000;
	let lastRun = Date.now();
	let closed = false;
	const run = async () => {
		if (closed) return;
		lastRun = Date.now();
		try {
			await checkOnce.call(this);
		} catch (error) {
			this.logger.warn(`Aurora Solar Trigger: the subscription check failed: ${(error as Error).message}`);
		}
	};
	// A cron every minute that acts once the interval has passed: cron expressions cannot say
	// "every 7 minutes" or "every 25 hours", and a restart must not wait a whole interval.
	this.helpers.registerCron({ expression: `${spreadSecond(this)} * * * * *` }, () => {
		if (Date.now() - lastRun >= intervalMs - 1_000) void run();
	});
	void sleep(FIRST_CHECK_DELAY_MS).then(run);
	return {
		closeFunction: async () => {
			closed = true;
		},
	};
}
