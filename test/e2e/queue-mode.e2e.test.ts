/**
 * Queue mode: main, a worker and a webhook processor sharing PostgreSQL and Redis, each with the
 * package installed. Aurora delivers to the webhook processor, the worker runs the execution.
 */
import { request } from 'undici';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { nodeOutput } from './support/execution-data';
import type { AuroraStack } from '../../devkit/stack/stack';
import { logOffset, logSince } from './support/n8n-log';
import { startStack } from '../../devkit/stack/stack';
import { byEvent, hookOf, subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { triggerWorkflow } from '../../devkit/stack/workflows';

describe.each(selectedVersions())('n8n %s in queue mode', (version) => {
	let stack: AuroraStack;
	let admin: FakeAuroraClient;
	let workflowId: string;

	beforeAll(async () => {
		stack = await startStack({ version, mode: 'queue' });
		admin = new FakeAuroraClient(stack.fake.url);
	}, 10 * 60_000);

	afterAll(async () => {
		await stack?.dispose();
	});

	it('subscribes with the webhook processor’s public URL', async () => {
		const workflow = await stack.n8n.createWorkflow(
			triggerWorkflow({ name: 'Queue-mode leads', credentialId: stack.credential.id, events: ['lead_created'], options: { checkIntervalMinutes: 1 } }),
		);
		workflowId = workflow.id;
		await stack.n8n.activateWorkflow(workflowId);
		const [subscription] = await waitFor('the subscription', async () => {
			const all = await subscriptionsOf(stack.fake.url);
			return all.length === 1 ? all : undefined;
		});
		expect(hookOf(subscription).startsWith(stack.n8n.webhookBase.replace(/\/$/, ''))).toBe(true);
	});

	it('a new lead is received by the webhook processor and executed by the worker with the full lead', async () => {
		const lead = await admin.createLead();
		const [execution] = await stack.n8n.waitForExecutions(workflowId, 1, 60_000, { includeData: true });
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Aurora Solar Trigger')[0]).toEqual(
			expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead: expect.objectContaining({ id: lead.id }) }),
		);
		const delivered = await admin.deliveries({ event: 'lead_created' });
		expect(delivered.some((attempt) => attempt.status === 200)).toBe(true);
	});

	it('the webhook processor rejects a forged delivery with 401', async () => {
		const [subscription] = await subscriptionsOf(stack.fake.url);
		const response = await request(`${hookOf(subscription)}?aurora_event=lead_created&lead_id=3fa85f64-5717-4562-b3fc-2c963f66afa6&aurora_secret=forged`);
		await response.body.text();
		expect(response.statusCode).toBe(401);
	});

	it('the scheduled check on main recreates a subscription deleted in Aurora; the webhook processor accepts its delivery and the worker runs it', async () => {
		const [deleted] = await subscriptionsOf(stack.fake.url);
		const log = logOffset(stack.n8n, 'main');
		await admin.deleteSubscription(deleted.id);
		const healed = await waitFor(
			'the scheduled check to recreate the subscription',
			async () => {
				const all = await subscriptionsOf(stack.fake.url);
				return all.length === 1 && all[0].id !== deleted.id ? all : undefined;
			},
			150_000,
		);
		// Same secret and template, new id: the webhook processor verifies with what n8n saved before.
		const [before, after] = [byEvent([deleted]).lead_created, byEvent(healed).lead_created];
		expect(after).toEqual({ ...before, id: after.id });
		await waitFor('the check to log the recreation on main', async () =>
			/Aurora Solar Trigger: subscription check .*recreated the lead_created subscription/.test(logSince(stack.n8n, log, 'main')) ? true : undefined,
		);

		const executionsBefore = (await stack.n8n.listExecutions({ workflowId })).length;
		const lead = await admin.createLead();
		const [newest] = await stack.n8n.waitForExecutions(workflowId, executionsBefore + 1, 60_000, { includeData: true });
		expect(newest.status).toBe('success');
		expect(nodeOutput(newest, 'Aurora Solar Trigger')).toEqual([expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead })]);
		// Delivered to the webhook processor's URL (main serves no production webhooks here).
		expect(hookOf(healed[0]).startsWith(`http://127.0.0.1:${stack.n8n.webhookPort}/`)).toBe(true);
		expect((await admin.deliveries({ webhookId: after.id })).map((attempt) => attempt.status)).toEqual([200]);
		// Run by the worker.
		expect(stack.n8n.logs('worker')).toContain(`Worker started execution ${newest.id} `);
	});

	it('deactivating removes the subscription', async () => {
		await stack.n8n.deactivateWorkflow(workflowId);
		await waitFor('no subscriptions', async () => ((await subscriptionsOf(stack.fake.url)).length === 0 ? true : undefined));
	});
});
