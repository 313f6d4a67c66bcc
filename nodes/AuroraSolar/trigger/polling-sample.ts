import { randomBytes, timingSafeEqual } from 'crypto';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { failureError } from '../transport/errors';
import { PageReader } from '../transport/page-reader';
import { BUDGETS } from '../transport/retry';
import { caughtUpItem } from './catch-up/pass-on';
import { catchUpPlan } from './catch-up/plan';
import { nodeKey } from './node/identity';
import type { TriggerSettings } from './node/settings';

/**
 * Polling's test event. A manual run ("Listen for test event") of a node with webhooks waits for a call
 * to its test URL (n8n's TestWebhooks.needsWebhook), and polling has no delivery to send one. So while n8n
 * registers the test listener (checkExists in manual mode), the trigger calls that URL itself with a
 * one-time token; webhook() then lists the most recent object of the first selected event polling can
 * find and starts the test execution with it, shaped as polling passes it on. An empty list ends the
 * execution with an error that says so.
 *
 * That call is the package's one HTTP request that is not to Aurora: to n8n's own test URL, carrying
 * nothing but the token. Where n8n cannot reach that URL itself, the listener waits until it times out,
 * as it always did.
 */
export const SAMPLE_QUERY_PARAMETER = 'aurora_sample';
/** As long as n8n's test listener waits. */
const TOKEN_LIFETIME_MS = 2 * 60_000;
/** Pages read for the most recent object, when Aurora's order is not known: 1,000 objects. */
const SAMPLE_PAGES = 4;
/** Lets n8n finish the registration it is in the middle of. */
const CALL_AFTER_MS = 200;

const tokens = new Map<string, { token: string; until: number }>();

/**
 * During n8n's test registration in polling mode: calls the test URL with a token, a moment later. n8n
 * registers the listener before it calls checkExists (TestWebhooks.needsWebhook), so one call finds it.
 */
export function offerSample(this: IHookFunctions): void {
	const key = nodeKey(this);
	const token = randomBytes(24).toString('hex');
	tokens.set(key, { token, until: Date.now() + TOKEN_LIFETIME_MS });
	const url = this.getNodeWebhookUrl('default') as string;
	void sleep(CALL_AFTER_MS)
		.then(async () => await this.helpers.httpRequest({ method: 'GET', url, qs: { [SAMPLE_QUERY_PARAMETER]: token }, ignoreHttpStatusErrors: true, timeout: 60_000 }))
		.catch((error: Error) => this.logger.warn(`Aurora Solar Trigger: polling could not hand n8n's test listener a sample (${error.message}); it waits until it times out.`));
}

/** Whether this request to the test URL is the sample call (it uses up its token). */
export function sampleRequested(context: IWebhookFunctions): boolean {
	if (context.getMode() !== 'manual') return false;
	const key = nodeKey(context);
	const offered = tokens.get(key);
	const given = (context.getQueryData() as IDataObject)[SAMPLE_QUERY_PARAMETER];
	if (!offered || typeof given !== 'string' || Date.now() > offered.until || given.length !== offered.token.length) return false;
	if (!timingSafeEqual(Buffer.from(given), Buffer.from(offered.token))) return false;
	tokens.delete(key);
	return true;
}

/** When an object was created, or last changed for an event that finds changes; 0 when Aurora does not say. */
function recency(object: IDataObject, changes: boolean): number {
	const value = changes ? (object.updated_at ?? object.created_at) : object.created_at;
	const at = typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
	return Number.isFinite(at) ? at : 0;
}

/** The test execution: the most recent object of the first selected event polling can find. */
export async function sampleDelivery(this: IWebhookFunctions, settings: TriggerSettings): Promise<IWebhookResponseData> {
	const [event] = catchUpPlan(settings)?.events ?? [];
	if (!event?.catchUp) throw new NodeOperationError(this.getNode(), 'None of the selected events can be received by polling');
	const { list, finds } = event.catchUp;
	const reader = new PageReader({ path: `/${list.key}`, key: list.key }, BUDGETS.lifecycle);
	const objects: IDataObject[] = [];
	for (let pages = 0; pages < SAMPLE_PAGES && !reader.done; ) {
		const step = await reader.step(this);
		if (step.kind === 'failed') throw failureError(this.getNode(), step.failure);
		if (step.kind === 'again') continue;
		pages++;
		objects.push(...step.items.filter((_, index) => step.isNew[index]));
		if (step.then !== 'more' && step.then !== 'end') throw failureError(this.getNode(), step.then);
	}
	const label = event.fetch.label.toLowerCase();
	if (objects.length === 0) {
		throw new NodeOperationError(this.getNode(), `Aurora holds no ${label} yet, so polling has no test event to show`, {
			description: `Create a ${label} in Aurora (or select another event) and listen again. Once the workflow is active, polling starts it for each new ${label}.`,
		});
	}
	// The newest by Aurora's own time; without one, the last listed (the fake, and most APIs, list oldest first).
	const newest = objects.reduce((best, object) => (recency(object, finds === 'changed') >= recency(best, finds === 'changed') ? object : best));
	const item = caughtUpItem({ event, id: String(newest.id), object: newest, content: 0 }, settings.retrieveDetails);
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
