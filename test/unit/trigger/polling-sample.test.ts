/**
 * Polling's test event: "Listen for test event" registers a test listener, which waits for a call to
 * the node's test URL. In polling mode the trigger makes that call itself, with a one-time token, and
 * webhook() answers it with the most recent object of the first selected event polling finds, shaped
 * as polling passes it on; an empty list ends the test run with an error that says so.
 */
import type { IDataObject, IHttpRequestOptions, IWebhookResponseData } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { SAMPLE_QUERY_PARAMETER } from '../../../nodes/AuroraSolar/trigger/polling-sample';
import { hookContext, webhookContext } from '../../support/contexts';
import { RemoteLists } from './catch-up/remote-lists';
import { useRemoteSubscriptions } from './remote-subscriptions';

const trigger = new AuroraSolarTrigger();
const POLLING = { receiveEventsVia: 'polling', pollIntervalMinutes: 5 };
const TEST_URL = 'http://localhost:5678/webhook-test/0b7e1d2c-3f4a-4b5c-8d9e-0f1a2b3c4d5e/webhook';
const workflow = { id: 'wf-sample', name: 'Polling sample' };

useRemoteSubscriptions();
let lists: RemoteLists;
beforeEach(() => {
	lists = new RemoteLists();
	lists.install();
});

/** n8n's test registration in polling mode, and what the test URL's request (if any) started. */
async function listen(parameters: IDataObject) {
	let answered: Promise<IWebhookResponseData> | undefined;
	const hook = hookContext({
		mode: 'manual',
		activation: 'manual',
		parameters: { ...POLLING, ...parameters },
		webhookUrl: TEST_URL,
		workflow,
		typeVersion: 1.2,
		// n8n routes the request to the node's webhook(), in manual mode.
		httpRequest: async (request: IHttpRequestOptions) => {
			const context = webhookContext({ mode: 'manual', query: request.qs as IDataObject, parameters: { ...POLLING, ...parameters }, workflow, typeVersion: 1.2 });
			answered = trigger.webhook.call(context);
			await answered.catch(() => undefined);
			return { statusCode: context.response.status ?? 200, body: '' };
		},
	});
	await expect(trigger.webhookMethods.default.checkExists.call(hook)).resolves.toBe(true);
	for (let turn = 0; turn < 50 && !answered; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
	return { hook, answered };
}

describe("polling's test event", () => {
	it('calls the test URL once with a one-time token, and the test run gets the most recent lead, shaped as polling passes it on', async () => {
		lists.addLead({ created_at: '2026-01-01T10:00:00.000Z' });
		const newest = lists.addLead({ created_at: '2026-03-01T10:00:00.000Z' });
		lists.addLead({ created_at: '2026-02-01T10:00:00.000Z' });
		const { hook, answered } = await listen({ events: ['lead_created'] });

		expect(hook.httpRequests).toHaveLength(1);
		expect(hook.httpRequests[0]).toEqual(expect.objectContaining({ method: 'GET', url: TEST_URL, qs: { [SAMPLE_QUERY_PARAMETER]: expect.stringMatching(/^[0-9a-f]{48}$/) } }));
		const response = await answered;
		expect(response?.workflowData?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ event: 'lead_created', lead_id: newest.id, lead: newest, caught_up: true }),
		]);
	});

	it('takes the most recently changed lead for lead_changed', async () => {
		const changed = lists.addLead({ created_at: '2026-01-01T10:00:00.000Z', updated_at: '2026-06-01T10:00:00.000Z' });
		lists.addLead({ created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z' });
		const response = await (await listen({ events: ['lead_changed'] })).answered;
		expect(response?.workflowData?.[0][0].json).toEqual(expect.objectContaining({ event: 'lead_changed', lead_id: changed.id }));
	});

	it('ends the test run with an error that says there is nothing yet, when Aurora holds no lead', async () => {
		const { answered } = await listen({ events: ['lead_created'] });
		await expect(answered).rejects.toThrow('Aurora holds no lead yet, so polling has no test event to show');
	});

	it('accepts its token once, and only in a test run: elsewhere the request is a forged delivery', async () => {
		lists.addLead();
		const { hook, answered } = await listen({ events: ['lead_created'] });
		await answered;
		const query = hook.httpRequests[0].qs as IDataObject;
		const again = webhookContext({ mode: 'manual', query, parameters: { ...POLLING, events: ['lead_created'] }, workflow, typeVersion: 1.2 });
		await trigger.webhook.call(again);
		expect(again.response.status).toBe(401);
		const production = webhookContext({ mode: 'webhook', query, parameters: { ...POLLING, events: ['lead_created'] }, workflow, typeVersion: 1.2 });
		await trigger.webhook.call(production);
		expect(production.response.status).toBe(401);
	});

	it('with webhooks (not polling), the test listener gets a test subscription and no call', async () => {
		const hook = hookContext({ mode: 'manual', activation: 'manual', parameters: { events: ['lead_created'] }, webhookUrl: TEST_URL, workflow, typeVersion: 1.2 });
		await trigger.webhookMethods.default.checkExists.call(hook);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(hook.httpRequests).toEqual([]);
	});
});
