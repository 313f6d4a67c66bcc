/**
 * Keeping Aurora's subscriptions working while a workflow stays active: the trigger's scheduled
 * check (no restart, no republish), and the secrets a save (n8n 1.x) or a republish (n8n 2.x)
 * replaces, whose redeliveries Aurora may still send.
 */
import { request } from 'undici';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { DeliveryAttempt } from '../../devkit/fake-aurora/types';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { nodeOutput } from './support/execution-data';
import { logOffset, logSince, triggerLines } from './support/n8n-log';
import type { AuroraStack } from '../../devkit/stack/stack';
import { startStack } from '../../devkit/stack/stack';
import { byEvent, hookOf, subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { saveWorkflow, triggerWorkflow } from '../../devkit/stack/workflows';

const TRIGGER = 'Aurora Solar Trigger';
const SECRET_HEADER = 'x-aurora-webhook-secret';
/**
 * CI's short scale (E2E_SCALE=short) leaves out the first two tests: the fault suite runs the same
 * checks at short scale on every stack (test/faults/active-trigger.faults.test.ts: a subscription
 * deleted and one disabled are mended; a redelivery on the old secret after a save or republish).
 */
const coveredByFaults = process.env.E2E_SCALE === 'short' ? it.skip : it;

type Json = Record<string, unknown>;

describe.each(selectedVersions())('n8n %s: subscription upkeep while the workflow stays active', (version) => {
	const v1 = version.startsWith('1.');
	/** What replaces the subscriptions of an active workflow without a deactivation. */
	const replacement = v1 ? 'a save (n8n 1.x: remove + add)' : 'a republish with an added event';
	let stack: AuroraStack;
	let admin: FakeAuroraClient;

	beforeAll(async () => {
		stack = await startStack({ version });
		admin = new FakeAuroraClient(stack.fake.url);
	}, 10 * 60_000);

	afterAll(async () => {
		await stack?.dispose();
	});

	/** Subscription ids per event in the trigger's static data, as n8n saved them. */
	async function storedIds(workflowId: string): Promise<Record<string, string>> {
		const { staticData } = await stack.n8n.getWorkflow(workflowId);
		const data = (typeof staticData === 'string' ? JSON.parse(staticData) : (staticData ?? {})) as Record<string, { subscriptions?: Record<string, { id: string }> }>;
		return Object.fromEntries(Object.entries(data[`node:${TRIGGER}`]?.subscriptions ?? {}).map(([event, stored]) => [event, stored.id]));
	}

	/**
	 * Whether n8n is done: Aurora has exactly one subscription per event at the node's URL and n8n has
	 * saved exactly those (n8n saves static data only once activation has finished). Returns them.
	 */
	async function settledNow(workflowId: string, hook: string, events: string[]) {
		const mine = await subscriptionsOf(stack.fake.url, hook);
		const stored = await storedIds(workflowId);
		const ids = Object.fromEntries(mine.map((subscription) => [subscription.event, subscription.id]));
		const done =
			mine.length === events.length &&
			Object.keys(ids).sort().join() === [...events].sort().join() &&
			events.every((event) => stored[event] === ids[event]);
		return done ? mine : undefined;
	}

	async function settled(workflowId: string, hook: string, events: string[]) {
		return await waitFor(`one saved subscription per event (${events.join(', ')})`, async () => await settledNow(workflowId, hook, events));
	}

	async function activeTrigger(name: string, events: string[], options?: Json) {
		const workflow = await stack.n8n.createWorkflow(triggerWorkflow({ name, credentialId: stack.credential.id, events, options }));
		await stack.n8n.activateWorkflow(workflow.id);
		const [first] = await waitFor('the subscriptions', async () => {
			const mine = (await subscriptionsOf(stack.fake.url)).filter((subscription) => subscription.description?.includes(`(${workflow.id})`));
			return mine.length > 0 ? mine : undefined;
		});
		const hook = hookOf(first);
		await settled(workflow.id, hook, events);
		return { workflow, hook };
	}

	/** Newest execution once the workflow has `count` finished ones; the trigger's single item. */
	async function newestItem(workflowId: string, count: number): Promise<Json> {
		const [newest] = await stack.n8n.waitForExecutions(workflowId, count, 45_000, { includeData: true });
		expect(newest.status).toBe('success');
		const items = nodeOutput(newest, TRIGGER);
		expect(items).toHaveLength(1);
		return items[0];
	}

	async function executionCount(workflowId: string): Promise<number> {
		return (await stack.n8n.listExecutions({ workflowId })).length;
	}

	async function deactivate(workflowId: string, hook: string) {
		await stack.n8n.deactivateWorkflow(workflowId);
		await waitFor('no subscriptions at the node', async () => ((await subscriptionsOf(stack.fake.url, hook)).length === 0 ? true : undefined));
	}

	async function waitForLog(offset: number, pattern: RegExp, what: string, timeoutMs = 15_000): Promise<void> {
		await waitFor(what, async () => (pattern.test(logSince(stack.n8n, offset)) ? true : undefined), timeoutMs).catch((error: Error) => {
			throw new Error(`${error.message}\nAurora Solar Trigger lines in n8n's log:\n${triggerLines(logSince(stack.n8n, offset))}`);
		});
	}

	coveredByFaults('the scheduled check (every minute here) recreates a deleted subscription with its secret and re-enables a disabled one, with no restart or republish, and both deliver', async () => {
		const { workflow, hook } = await activeTrigger('Upkeep: scheduled check', ['lead_created', 'lead_changed'], { checkIntervalMinutes: 1 });
		const before = byEvent(await subscriptionsOf(stack.fake.url, hook));

		// Someone deletes the lead_created subscription in Aurora's dashboard.
		let log = logOffset(stack.n8n);
		await admin.deleteSubscription(before.lead_created.id);
		const recreated = await waitFor(
			'the scheduled check to recreate lead_created',
			async () => {
				const view = byEvent(await subscriptionsOf(stack.fake.url, hook));
				return view.lead_created ? view : undefined;
			},
			150_000,
		);
		// A new id, but the same secret and template: what n8n saved still verifies its deliveries.
		expect(recreated.lead_created.id).not.toBe(before.lead_created.id);
		expect(recreated.lead_created).toEqual({ ...before.lead_created, id: recreated.lead_created.id });
		expect(recreated.lead_changed).toEqual(before.lead_changed);
		await waitForLog(log, /Aurora Solar Trigger: subscription check .*recreated the lead_created subscription/, 'the check to log the recreation');

		const lead = await admin.createLead();
		expect(await newestItem(workflow.id, 1)).toEqual(expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead }));
		expect((await admin.deliveries({ webhookId: recreated.lead_created.id })).map((attempt) => attempt.status)).toEqual([200]);

		// Aurora disables the lead_changed subscription. The check that heals this one starts after the
		// one above was logged, so it is one of the periodic checks, not the check after activation.
		log = logOffset(stack.n8n);
		await admin.updateSubscription(before.lead_changed.id, { enabled: false });
		const reenabled = await waitFor(
			'the scheduled check to re-enable lead_changed',
			async () => {
				const view = byEvent(await subscriptionsOf(stack.fake.url, hook));
				return view.lead_changed?.enabled ? view : undefined;
			},
			150_000,
		);
		// Re-enabled in place: same id and secret, so Aurora's pending redeliveries for it still land.
		expect(reenabled).toEqual(recreated);
		await waitForLog(log, /Aurora Solar Trigger: subscription check .*re-enabled the lead_changed subscription/, 'the check to log the re-enabling');

		const changed = await admin.changeLead(lead.id, { customer: { customer_email: 'after-heal@example.com' } });
		expect(await newestItem(workflow.id, 2)).toEqual(expect.objectContaining({ event: 'lead_changed', lead_id: lead.id, lead: changed }));
		expect((await admin.deliveries({ webhookId: before.lead_changed.id })).map((attempt) => attempt.status)).toEqual([200]);
		expect(Object.keys(byEvent(await subscriptionsOf(stack.fake.url, hook)))).toEqual(['lead_changed', 'lead_created']);
		await deactivate(workflow.id, hook);
	});

	/** Resends a delivery Aurora made (same URL), with the secret header Aurora would send. */
	async function redeliver(attempt: DeliveryAttempt, secret: string): Promise<{ status: number; text: string }> {
		const response = await request(attempt.url, { headers: { [SECRET_HEADER]: secret, 'user-agent': 'fake-aurora-webhooks/1.0' } });
		return { status: response.statusCode, text: await response.body.text() };
	}

	function addLeadChanged(workflow: Json & { nodes: Json[] }): void {
		const trigger = workflow.nodes.find((node) => node.name === TRIGGER) as { parameters: { events: string[] } };
		trigger.parameters.events = ['lead_created', 'lead_changed'];
	}

	/** A workflow subscribed to lead_created that has received one lead; its subscription and that delivery. */
	async function withOneDelivery(name: string) {
		const { workflow, hook } = await activeTrigger(name, ['lead_created']);
		const [old] = await subscriptionsOf(stack.fake.url, hook);
		const lead = await admin.createLead();
		expect(await newestItem(workflow.id, 1)).toEqual(expect.objectContaining({ lead_id: lead.id }));
		const [delivery] = await admin.deliveries({ webhookId: old.id });
		expect(delivery).toEqual(expect.objectContaining({ status: 200, event: 'lead_created' }));
		return { workflow, hook, old, secret: old.header_auth_value as string, lead, delivery };
	}

	coveredByFaults(`after ${replacement}, Aurora's redelivery to the replaced subscription still runs; after deactivate + activate it gets 401`, async () => {
		const { workflow, hook, old, secret, lead, delivery } = await withOneDelivery('Upkeep: old secret');

		await saveWorkflow(stack.n8n, workflow.id, addLeadChanged);
		const replaced = byEvent(await settled(workflow.id, hook, ['lead_created', 'lead_changed']));
		// Replaced: a new id and a new secret; the old subscription is gone from Aurora.
		expect(replaced.lead_created.id).not.toBe(old.id);
		expect(replaced.lead_created.secret).not.toBe(secret);
		expect((await subscriptionsOf(stack.fake.url)).map((subscription) => subscription.id)).not.toContain(old.id);
		// The old secret is remembered as a hash only.
		expect(JSON.stringify((await stack.n8n.getWorkflow(workflow.id)).staticData)).not.toContain(secret);

		const before = await executionCount(workflow.id);
		const answer = await redeliver(delivery, secret);
		expect(answer.status).toBe(200);
		expect(await newestItem(workflow.id, before + 1)).toEqual(expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead }));
		expect(await executionCount(workflow.id)).toBe(before + 1);

		// A fresh activation ends the old secrets.
		await deactivate(workflow.id, hook);
		await stack.n8n.activateWorkflow(workflow.id);
		await settled(workflow.id, hook, ['lead_created', 'lead_changed']);
		const refused = await redeliver(delivery, secret);
		expect(refused).toEqual({ status: 401, text: expect.any(String) });
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await executionCount(workflow.id)).toBe(before + 1);
		await deactivate(workflow.id, hook);
	});

	it(`no redelivery is lost while ${replacement} is in progress: each one is either answered non-2xx (Aurora retries) or runs`, async () => {
		const { workflow, hook, secret, lead, delivery } = await withOneDelivery('Upkeep: replacement window');
		const before = await executionCount(workflow.id);
		// Slow Aurora's list answers, so the replacement takes a few seconds instead of a few milliseconds.
		await admin.addFault({ method: 'GET', path: '/webhooks$', kind: 'latency', latencyMs: 500 });
		let saved = false;
		const saving = saveWorkflow(stack.n8n, workflow.id, addLeadChanged).then(
			() => (saved = true),
			(error: Error) => {
				saved = true;
				throw error;
			},
		);
		const answers: Array<{ status: number; text: string }> = [];
		let done = false;
		const deadline = Date.now() + 60_000;
		while (!done && Date.now() < deadline) {
			answers.push(await redeliver(delivery, secret));
			done = saved && (await settledNow(workflow.id, hook, ['lead_created', 'lead_changed'])) !== undefined;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		await saving;
		await admin.clearFaults();
		answers.push(await redeliver(delivery, secret));

		const accepted = answers.filter((answer) => answer.status >= 200 && answer.status < 300);
		const summary: Record<string, number> = {};
		for (const answer of answers) summary[`${answer.status} ${answer.text.slice(0, 160)}`] = (summary[`${answer.status} ${answer.text.slice(0, 160)}`] ?? 0) + 1;
		// Let every accepted delivery's execution finish, then compare.
		await waitFor('the executions of the accepted deliveries', async () => ((await executionCount(workflow.id)) >= before + accepted.length ? true : undefined), 30_000).catch(
			() => undefined,
		);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect({ executions: (await executionCount(workflow.id)) - before, answers: summary }).toEqual({ executions: accepted.length, answers: summary });
		const executions = await stack.n8n.listExecutions({ workflowId: workflow.id, includeData: true });
		for (const execution of executions.slice(0, accepted.length)) {
			expect(nodeOutput(execution, TRIGGER)).toEqual([expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead })]);
		}
		await deactivate(workflow.id, hook);
	});
});
