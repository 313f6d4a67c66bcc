import { sleep } from 'n8n-workflow';
import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { selectedEvents } from './lifecycle';
import { exclusively, isBusy, lockKey } from './lock';
import { reconcile } from './reconcile';
import { readSubscriptions } from './static-data';

export const DEFAULT_CHECK_INTERVAL_MINUTES = 15;

export const SCHEDULE = {
	/** Long enough for n8n to finish the webhook set-up it starts alongside trigger() on 2.x. */
	firstCheckDelayMs: 5_000,
};

function intervalMinutes(context: ITriggerFunctions): number {
	const options = context.getNodeParameter('options', {}) as { checkIntervalMinutes?: unknown };
	const minutes = Number(options.checkIntervalMinutes ?? DEFAULT_CHECK_INTERVAL_MINUTES);
	if (!Number.isFinite(minutes)) return DEFAULT_CHECK_INTERVAL_MINUTES;
	return Math.min(1440, Math.max(1, Math.round(minutes)));
}

/** A second of the minute derived from the node, so many workflows do not all call Aurora at once. */
function secondFor(context: ITriggerFunctions): number {
	const seed = `${context.getWorkflow().id ?? ''}/${context.getNode().id ?? context.getNode().name}`;
	let sum = 0;
	for (const character of seed) sum = (sum * 31 + character.charCodeAt(0)) % 60;
	return sum;
}

/**
 * One pass of the check: Aurora is made to match the stored subscriptions again (a subscription
 * deleted in Aurora's dashboard is recreated, a disabled one re-enabled, duplicates removed), with
 * the stored secrets only, because nothing this pass changes can be saved by n8n.
 */
export async function checkOnce(this: ITriggerFunctions): Promise<void> {
	const key = lockKey(this);
	// Activation, deactivation or the last pass is still at work; the next tick looks again.
	if (isBusy(key)) return;
	await exclusively(key, async () => {
		const stored = Object.values(readSubscriptions(this.getWorkflowStaticData('node')));
		if (stored.length === 0) return;
		const report = await reconcile.call(this, { webhookUrl: stored[0].url, events: selectedEvents(this), mayChooseSecrets: false });
		if (report.actions.length > 0) this.logger.info(`Aurora Solar Trigger: subscription check ${report.actions.join('; ')}`);
		for (const { error, transient } of report.problems) {
			const text = `Aurora Solar Trigger: the subscription check could not finish (${error.message}); ${
				transient ? 'it tries again at the next check' : 'fix the cause, the check keeps trying'
			}.`;
			if (transient) this.logger.warn(text);
			else this.logger.error(text);
		}
	});
}

/**
 * Why a webhook trigger has a trigger() at all: n8n 2.x runs checkExists only when a workflow is
 * published, so without a schedule of our own a subscription that Aurora disables, or that someone
 * deletes in Aurora, would stay dead until the next publish. n8n runs trigger() on the leader only,
 * at activation and at every start-up (2.x re-registers it there), and its crons fire on the leader
 * only, so the check runs once per installation.
 */
export function startScheduledCheck(this: ITriggerFunctions): ITriggerResponse {
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
	this.helpers.registerCron({ expression: `${secondFor(this)} * * * * *` }, () => {
		if (Date.now() - lastRun >= intervalMs - 1_000) void run();
	});
	void sleep(SCHEDULE.firstCheckDelayMs).then(run);
	return {
		closeFunction: async () => {
			closed = true;
		},
	};
}
