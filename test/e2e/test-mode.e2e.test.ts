/**
 * "Listen for test event" in the editor: n8n registers the trigger against its /webhook-test/ URL
 * with separate static data, runs once, then removes it. Driven through the same REST call the
 * editor makes. In polling mode no subscription is made: the trigger hands n8n's listener the most
 * recent lead itself.
 */
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { nodeOutput } from './support/execution-data';
import type { AuroraStack } from '../../devkit/stack/stack';
import { startStack } from '../../devkit/stack/stack';
import { subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { triggerWorkflow } from '../../devkit/stack/workflows';

describe.each(selectedVersions())('n8n %s: Listen for test event', (version) => {
	let stack: AuroraStack;

	beforeAll(async () => {
		stack = await startStack({ version });
	}, 10 * 60_000);

	afterAll(async () => {
		await stack?.dispose();
	});

	/** The editor's "Listen for test event" (the body differs between n8n 1.x and 2.x). */
	async function listen(workflowId: string): Promise<unknown> {
		const trigger = { triggerToStartFrom: { name: 'Aurora Solar Trigger' } };
		if (version.startsWith('1.')) {
			const workflowData = await stack.n8n.rest<Record<string, unknown>>('GET', `/workflows/${workflowId}`);
			return await stack.n8n.rest('POST', `/workflows/${workflowId}/run`, { workflowData, ...trigger });
		}
		return await stack.n8n.rest('POST', `/workflows/${workflowId}/run`, trigger);
	}

	it('polling: the test run gets the most recent lead at once, and no subscription is made', async () => {
		const admin = new FakeAuroraClient(stack.fake.url);
		await admin.createLead();
		const newest = await admin.createLead();
		const json = triggerWorkflow({ name: 'Polling test listener', credentialId: stack.credential.id, events: ['lead_created'] }) as { nodes: Array<{ typeVersion: number; parameters: Record<string, unknown> }> };
		json.nodes[0].typeVersion = 1.2;
		json.nodes[0].parameters = { ...json.nodes[0].parameters, receiveEventsVia: 'polling' };
		const workflow = await stack.n8n.createWorkflow(json);
		await expect(listen(workflow.id)).resolves.toEqual(expect.objectContaining({ waitingForWebhook: true }));

		const [execution] = await stack.n8n.waitForExecutions(workflow.id, 1, 45_000, { includeData: true });
		expect(execution).toEqual(expect.objectContaining({ mode: 'manual', status: 'success' }));
		expect(nodeOutput(execution, 'Aurora Solar Trigger')).toEqual([expect.objectContaining({ event: 'lead_created', lead_id: newest.id, lead: newest, caught_up: true })]);
		expect(await subscriptionsOf(stack.fake.url)).toEqual([]);
	});

	it('subscribes the test URL while listening, delivers one lead into the execution unchanged, then removes the test subscription', async () => {
		const admin = new FakeAuroraClient(stack.fake.url);
		const workflow = await stack.n8n.createWorkflow(
			triggerWorkflow({ name: 'Test listener', credentialId: stack.credential.id, events: ['lead_created'] }),
		);
		await expect(listen(workflow.id)).resolves.toEqual(expect.objectContaining({ waitingForWebhook: true }));

		const [subscription] = await waitFor('the test subscription', async () => {
			const all = await subscriptionsOf(stack.fake.url);
			return all.length === 1 ? all : undefined;
		});
		expect(subscription.url_template).toContain('/webhook-test/');
		expect(subscription.description).toContain('[test listener]');

		const lead = await admin.createLead();
		await waitFor('the test delivery to succeed', async () => {
			const attempts = await admin.deliveries({ webhookId: subscription.id });
			return attempts.some((attempt) => attempt.status === 200) ? true : undefined;
		});
		// What the editor shows: one manual execution whose trigger output is the delivered lead, passed
		// on unchanged to the next node (the trigger's execute() runs in manual mode, not trigger()).
		const [execution] = await stack.n8n.waitForExecutions(workflow.id, 1, 45_000, { includeData: true });
		expect(execution).toEqual(expect.objectContaining({ mode: 'manual', status: 'success' }));
		const expected = [expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead })];
		expect(nodeOutput(execution, 'Aurora Solar Trigger')).toEqual(expected);
		expect(nodeOutput(execution, 'Received')).toEqual(nodeOutput(execution, 'Aurora Solar Trigger'));
		await waitFor('the test subscription to be removed', async () =>
			(await subscriptionsOf(stack.fake.url)).length === 0 ? true : undefined,
		);
	});
});
