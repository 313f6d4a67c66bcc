/**
 * Hostile deliveries: at least 200 (full scale) requests to the trigger's production URL that a
 * real Aurora would never send. Zero Aurora requests; no execution unless the request carried the
 * right secret (then exactly one, whose item says what was wrong); n8n stays healthy: a real lead
 * delivered afterwards still arrives.
 */
import { request } from 'undici';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { sleep } from '../../devkit/http';
import { nodeOutput } from '../e2e/support/execution-data';
import type { AuroraStack } from '../../devkit/stack/stack';
import { startStack } from '../../devkit/stack/stack';
import { hookOf, subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { triggerWorkflow } from '../../devkit/stack/workflows';
import type { HostileDelivery } from './support/hostile';
import { hostileDeliveries } from './support/hostile';
import { findLeaks } from './support/leaks';
import { recordSection } from './support/results';
import { FAULTS_N8N_VERSION, scaled } from './support/scale';

const { scale, hostile: COUNT } = scaled();

describe(`hostile deliveries (${scale}: ${COUNT})`, () => {
	let stack: AuroraStack;
	let admin: FakeAuroraClient;
	let workflowId: string;

	beforeAll(async () => {
		stack = await startStack({ version: FAULTS_N8N_VERSION });
		admin = new FakeAuroraClient(stack.fake.url);
		const workflow = await stack.n8n.createWorkflow(
			triggerWorkflow({ name: 'Hostile deliveries', credentialId: stack.credential.id, events: ['lead_created', 'lead_changed'] }),
		);
		workflowId = workflow.id;
		await stack.n8n.activateWorkflow(workflowId);
		await waitFor('two subscriptions', async () => ((await subscriptionsOf(stack.fake.url)).length === 2 ? true : undefined));
	}, 10 * 60_000);

	afterAll(async () => {
		await stack?.dispose();
	});

	it('start no execution, make no Aurora request, and leave n8n healthy', async () => {
		const subscriptions = await subscriptionsOf(stack.fake.url);
		const created = subscriptions.find((subscription) => subscription.event === 'lead_created');
		const changed = subscriptions.find((subscription) => subscription.event === 'lead_changed');
		if (!created || !changed) throw new Error('the trigger did not subscribe to both events');
		// A real lead, seeded without an event, so that in each delivery only the thing under test is wrong.
		await admin.seedLeads(1);
		const leadId = String(((await (await request(`${stack.fake.url}/tenants/${stack.fake.tenantId}/leads`, { headers: { authorization: `Bearer ${stack.fake.token}` } })).body.json()) as { leads: Array<{ id: string }> }).leads[0].id);
		const deliveries = hostileDeliveries(
			{ hook: hookOf(created), event: 'lead_created', secret: String(created.header_auth_value), otherEvent: 'lead_changed', otherSecret: String(changed.header_auth_value), leadId },
			COUNT,
		);
		await sleep(2000);
		const since = (await admin.requests()).reduce((max, entry) => Math.max(max, entry.index + 1), 0);

		const answers: Array<{ delivery: HostileDelivery; status: number | string; body: string }> = [];
		for (const delivery of deliveries) {
			try {
				const response = await request(delivery.url, { method: delivery.method as 'GET', headers: delivery.headers, headersTimeout: 15_000, bodyTimeout: 15_000 });
				answers.push({ delivery, status: response.statusCode, body: (await response.body.text()).slice(0, 500) });
			} catch (error) {
				answers.push({ delivery, status: `error: ${(error as Error).message.slice(0, 80)}`, body: '' });
			}
		}
		await sleep(3000);
		const authentic = answers.filter((answer) => answer.delivery.authentic);
		// Each authentic delivery reaches the user once, as an item that says what was wrong; nothing else runs.
		const errorItems = await waitFor(
			'one execution per authentic delivery',
			async () => {
				const items = (await stack.n8n.listExecutions({ workflowId, includeData: true })).map((execution) => nodeOutput(execution, 'Aurora Solar Trigger')[0]);
				return items.length >= authentic.length ? items : undefined;
			},
			60_000,
		).catch(async () => (await stack.n8n.listExecutions({ workflowId, includeData: true })).map((execution) => nodeOutput(execution, 'Aurora Solar Trigger')[0]));
		const executions = errorItems;
		const badItems = errorItems.filter((item) => !(item?.event === 'lead_created' && typeof item.error === 'string' && item.error !== '' && !('lead' in item)));
		const authenticNotAccepted = authentic.filter((answer) => answer.status !== 200).map((answer) => `${answer.delivery.description}: ${answer.status}`);
		// The trigger's scheduled subscription check lists the subscriptions on its own clock; that is not
		// caused by a delivery, so it is reported apart. Every other request would be.
		const isUpkeep = (entry: { method: string; path: string }) => entry.method === 'GET' && /^\/tenants\/[^/]+\/webhooks$/.test(entry.path);
		const seen = await admin.requests(since);
		const auroraRequests = seen.filter((entry) => !isUpkeep(entry)).map((entry) => `${entry.method} ${entry.path}`);
		const upkeepRequests = seen.filter(isUpkeep).length;

		const health = await request(`${stack.n8n.baseUrl}/healthz`);
		await health.body.dump();
		const lead = await admin.createLead();
		// The execution of that lead, not merely the newest one (which a hostile delivery could have started).
		const legitItem = await waitFor(
			'the real lead to reach the workflow',
			async () =>
				(await stack.n8n.listExecutions({ workflowId, includeData: true }))
					.map((execution) => nodeOutput(execution, 'Aurora Solar Trigger')[0])
					.find((item) => item?.lead_id === lead.id),
			60_000,
		).catch(() => undefined);

		const byCategory: Record<string, Record<string, number>> = {};
		for (const answer of answers) {
			const bucket = (byCategory[answer.delivery.category] ??= {});
			bucket[String(answer.status)] = (bucket[String(answer.status)] ?? 0) + 1;
		}
		const secrets = { token: stack.fake.token, 'lead_created secret': String(created.header_auth_value), 'lead_changed secret': String(changed.header_auth_value) };
		const leaks = findLeaks({ 'answers to hostile deliveries': answers.map((answer) => answer.body).join('\n') }, secrets);
		const serverErrors = answers.filter((answer) => typeof answer.status === 'number' && answer.status >= 500);
		// Requests n8n never answered (connection dropped or no answer within 15 s).
		const unanswered = answers.filter((answer) => typeof answer.status !== 'number');
		const describeAnswer = (answer: (typeof answers)[number]) => `${answer.delivery.method} ${answer.delivery.description}: ${answer.status}`;
		const result = {
			section: 'hostile-deliveries',
			passed:
				executions.length === authentic.length &&
				badItems.length === 0 &&
				authenticNotAccepted.length === 0 &&
				auroraRequests.length === 0 &&
				serverErrors.length === 0 &&
				unanswered.length === 0 &&
				health.statusCode === 200 &&
				legitItem?.lead_id === lead.id &&
				leaks.length === 0,
			scale,
			deliveries: answers.length,
			authentic: authentic.length,
			executions: executions.length,
			auroraRequests,
			upkeepRequests,
			byCategory,
			serverErrors: serverErrors.map(describeAnswer).slice(0, 20),
			unanswered: unanswered.map(describeAnswer).slice(0, 20),
			healthz: health.statusCode,
			legitDeliveryArrived: legitItem?.lead_id === lead.id,
			leaks,
			examples: deliveries.slice(0, 14).map((delivery) => `${delivery.category}: ${delivery.method} ${delivery.description}`),
		};
		recordSection(result);
		expect(answers.length).toBe(COUNT);
		expect(authentic.length).toBeGreaterThan(0);
		expect(authenticNotAccepted).toEqual([]);
		expect(executions).toHaveLength(authentic.length);
		expect(badItems).toEqual([]);
		expect(auroraRequests).toEqual([]);
		// Every hostile request got an answer, and none was a server error.
		expect(serverErrors.map(describeAnswer)).toEqual([]);
		expect(unanswered.map(describeAnswer)).toEqual([]);
		expect(health.statusCode).toBe(200);
		expect(legitItem).toEqual(expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead: expect.objectContaining({ id: lead.id }) }));
		expect(leaks).toEqual([]);
	});
});
