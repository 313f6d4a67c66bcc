import type { ITriggerFunctions } from 'n8n-workflow';

import { failureError } from '../../transport/errors';
import { passesWithTime } from '../../transport/failure';
import { nodeKey } from '../node/identity';
import { readSettings } from '../node/settings';
import { readSubscriptions } from '../node/static-data';
import { exclusively, isBusy } from '../node/lock';
import { reconcile } from './reconcile';

/**
 * One pass of the scheduled subscription check: Aurora is made to match the stored subscriptions
 * again (a subscription deleted in Aurora's dashboard is recreated, a disabled one re-enabled,
 * duplicates removed), with the stored secrets only, because nothing this pass changes can be saved
 * by n8n.
 */
export async function checkOnce(this: ITriggerFunctions): Promise<void> {
	const key = nodeKey(this);
	// Activation, deactivation or the last pass is still at work; the next tick looks again.
	if (isBusy(key)) return;
	await exclusively(key, async () => {
		const stored = Object.values(readSubscriptions(this.getWorkflowStaticData('node')));
		if (stored.length === 0) return;
		const report = await reconcile.call(this, { webhookUrl: stored[0].url, events: readSettings(this).events, mayChooseSecrets: false });
		if (report.actions.length > 0) this.logger.info(`Aurora Solar Trigger: subscription check ${report.actions.join('; ')}`);
		for (const problem of report.problems) {
			const passing = passesWithTime(problem);
			const text = `Aurora Solar Trigger: the subscription check could not finish (${failureError(this.getNode(), problem).message}); ${
				passing ? 'it tries again at the next check' : 'fix the cause, the check keeps trying'
			}.`;
			if (passing) this.logger.warn(text);
			else this.logger.error(text);
		}
	});
}
