/**
 * The three operations that create something in Aurora (Project → Create, Lead → Convert to Project,
 * Webhook → Create) are sent again only when the attempt provably never reached Aurora. After a
 * failure that leaves the outcome open, the node stops after one request and says the object may
 * exist and where to look, so that a retry can never make a duplicate.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { TENANT_PATH, testCredentials } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import type { LookupStep } from '../../support/flaky-host';
import { useFlakyHost } from '../../support/flaky-host';
import { json, useResetServer } from '../../support/reset-server';
import { LEAD_ID, PROJECT_ID, WEBHOOK_ID, aurora, byId, countRequests, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const PROJECT = { id: PROJECT_ID, name: 'Doe residence', status: 'Remote Assessment Completed' };
const SUBSCRIPTION = { id: WEBHOOK_ID, event: 'lead_created', url_template: 'https://n8n.example.com/w?lead_id=<LEAD_ID>', enabled: true };

interface Creating {
	name: string;
	parameters: IDataObject;
	path: string;
	answer: IDataObject;
	output: IDataObject;
	/** What the message says may have been created. */
	what: string;
	/** Where the description sends the user to look. */
	check: string;
}

const CREATING: Creating[] = [
	{
		name: 'Project → Create',
		parameters: { resource: 'project', operation: 'create', address: '434 Brannan St', additionalFields: {}, simplify: false },
		path: '/projects',
		answer: { project: PROJECT },
		output: PROJECT,
		what: 'project',
		check: "look for it in Aurora's project list, or list projects with Project → Get Many.",
	},
	{
		name: 'Lead → Convert to Project',
		parameters: { resource: 'lead', operation: 'convert', leadId: byId(LEAD_ID), projectFields: {} },
		path: `/leads/${LEAD_ID}/convert`,
		answer: { project: PROJECT },
		output: PROJECT,
		what: 'project',
		check: 'use Lead → Get on this lead; once it has been converted, its project_id names the new project.',
	},
	{
		name: 'Webhook → Create',
		parameters: { resource: 'webhook', operation: 'create', event: 'lead_created', urlTemplate: SUBSCRIPTION.url_template, additionalFields: {} },
		path: '/webhooks',
		answer: { webhook: SUBSCRIPTION },
		output: SUBSCRIPTION,
		what: 'webhook subscription',
		check: "look for it with Webhook → Get Many, or in Aurora's webhook settings.",
	},
];

const byName = CREATING.map((operation) => [operation.name, operation] as const);

function expectMayHaveBeenCreated(error: Error & { description?: string | null }, operation: Creating): void {
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(new RegExp(`; the ${operation.what} may have been created in Aurora$`));
	expect(error.description).toContain(`The request was sent once and not repeated, because repeating it could create a second ${operation.what}.`);
	expect(error.description).toContain(`Before you run this item again, check whether it exists: ${operation.check}`);
}

describe('after a failure that leaves open whether Aurora acted, a creating request is not repeated', () => {
	const answered: Array<[string, number, string | IDataObject, Record<string, string>, string]> = [
		['500', 500, { error: 'Internal Server Error' }, {}, 'Aurora had a server error (500)'],
		['502', 502, '<html>Bad Gateway</html>', { 'Content-Type': 'text/html' }, 'Aurora had a server error (502)'],
		['503', 503, '', {}, 'Aurora had a server error (503)'],
		['an unreadable 2xx body', 200, '<html><body>Login</body></html>', { 'Content-Type': 'text/html' }, 'Aurora answered with a body that is not valid JSON'],
	];

	describe.each(byName)('%s', (_name, operation) => {
		it.each(answered)('%s: one request, and the message says the object may exist', async (_case, status, body, headers, happened) => {
			// A second attempt would be answered with success, so a retry shows up as a passing run.
			const scope = aurora().post(`${TENANT_PATH}${operation.path}`).reply(status, body, headers).post(`${TENANT_PATH}${operation.path}`).reply(201, operation.answer);
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: operation.parameters });

			expect(count()).toBe(1);
			expectMayHaveBeenCreated(error, operation);
			expect(error.message).toBe(`${happened}; the ${operation.what} may have been created in Aurora`);
			expect(error.httpCode).toBe(status >= 300 ? String(status) : null);
		});

		it('Aurora’s own text of a 5xx goes into the description', async () => {
			const scope = aurora().post(`${TENANT_PATH}${operation.path}`).reply(500, { error: 'database timeout' });

			const error = await runNodeFailure({ parameters: operation.parameters });

			expect(scope.isDone()).toBe(true);
			expect(error.description).toMatch(/ Aurora said: database timeout$/);
		});

		it('under continueOnFail, the error item says the same and the next item still runs', async () => {
			const scope = aurora().post(`${TENANT_PATH}${operation.path}`).reply(502, '').post(`${TENANT_PATH}${operation.path}`).reply(201, operation.answer);

			const { output } = await runNode({ continueOnFail: true, parameters: [operation.parameters, operation.parameters] });

			expect(scope.isDone()).toBe(true);
			expect(output).toEqual([
				{
					json: {
						error: `Aurora had a server error (502); the ${operation.what} may have been created in Aurora`,
						description: expect.stringContaining(operation.check),
						httpCode: '502',
					},
					pairedItem: { item: 0 },
				},
				{ json: operation.output, pairedItem: { item: 1 } },
			]);
		});
	});

	describe('a timeout', () => {
		useShortAttemptTimeout();

		it.each(byName)('%s: one request, and the message says the object may exist', async (_name, operation) => {
			const scope = aurora()
				.post(`${TENANT_PATH}${operation.path}`)
				.delay(1500)
				.reply(201, operation.answer)
				.post(`${TENANT_PATH}${operation.path}`)
				.reply(201, operation.answer);
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: operation.parameters });

			expect(count()).toBe(1);
			expectMayHaveBeenCreated(error, operation);
			expect(error.message).toMatch(/^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\); /);
		});
	});

	describe('a connection reset after the request was sent', () => {
		const resets = useResetServer();

		it.each(byName)('%s: one request, and the message says the object may exist', async (_name, operation) => {
			const server = await resets.start({ resets: 1, respond: json(201, operation.answer) });

			const error = await runNodeFailure({ parameters: operation.parameters, credentials: testCredentials({ baseUrl: server.baseUrl }) });

			expect(server.requests).toEqual([`POST ${TENANT_PATH}${operation.path}`]);
			expectMayHaveBeenCreated(error, operation);
			expect(error.message).toBe(
				`The connection to Aurora at ${server.baseUrl} broke before an answer arrived (ECONNRESET); the ${operation.what} may have been created in Aurora`,
			);
			expect(error.httpCode).toBeNull();
			expect(error.context?.networkCode).toBe('ECONNRESET');
		});
	});
});

describe('a creating request is repeated when the attempt provably never reached Aurora', () => {
	const flaky = useFlakyHost();
	const neverSent: Array<[string, LookupStep]> = [
		['connection refused (ECONNREFUSED)', 'refused'],
		['DNS failure (ENOTFOUND)', 'ENOTFOUND'],
		['DNS failure (EAI_AGAIN)', 'EAI_AGAIN'],
	];

	describe.each(byName)('%s', (_name, operation) => {
		it.each(neverSent)('%s: the second attempt is sent and succeeds', async (_case, step) => {
			const host = await flaky.start({ lookups: [step], respond: json(201, operation.answer) });

			const { output, requests } = await runNode({ parameters: operation.parameters, credentials: testCredentials({ baseUrl: host.baseUrl }) });

			expect(host.lookups).toEqual([step, 'ok']);
			expect(requests).toHaveLength(2);
			expect(host.requests).toEqual([`POST ${TENANT_PATH}${operation.path}`]);
			expect(output).toEqual([{ json: operation.output, pairedItem: { item: 0 } }]);
		});

		it('429: waits as Retry-After says, then the second attempt succeeds', async () => {
			const scope = aurora()
				.post(`${TENANT_PATH}${operation.path}`)
				.reply(429, { error: 'Too Many Requests' }, { 'Retry-After': '0' })
				.post(`${TENANT_PATH}${operation.path}`)
				.reply(201, operation.answer);
			const count = countRequests(scope);

			const { output } = await runNode({ parameters: operation.parameters });

			expect(count()).toBe(2);
			expect(scope.isDone()).toBe(true);
			expect(output).toEqual([{ json: operation.output, pairedItem: { item: 0 } }]);
		});
	});

	it('when every attempt is refused, the error says Aurora could not be reached, not that something may exist', async () => {
		const operation = CREATING[0];
		const host = await flaky.start({ lookups: Array<LookupStep>(BUDGETS.action.maxAttempts).fill('refused'), respond: json(201, operation.answer) });

		const error = await runNodeFailure({ parameters: operation.parameters, credentials: testCredentials({ baseUrl: host.baseUrl }) });

		expect(host.lookups).toHaveLength(BUDGETS.action.maxAttempts);
		expect(host.requests).toEqual([]);
		expect(error.message).toBe(`Could not reach Aurora at ${host.baseUrl} (ECONNREFUSED)`);
		expect(error.description).toContain(`Gave up after ${BUDGETS.action.maxAttempts} attempt(s)`);
	});

	it('when Aurora keeps answering 429, the error is the usual rate-limit one', async () => {
		const operation = CREATING[0];
		const scope = aurora().post(`${TENANT_PATH}${operation.path}`).times(BUDGETS.action.maxAttempts).reply(429, '', { 'Retry-After': '0' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: operation.parameters });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
	});
});

describe('reads, updates and deletes keep their retries', () => {
	it('GET: a 500 is retried and the item succeeds', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(500, '').get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { id: LEAD_ID });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ id: LEAD_ID });
	});

	it('PUT: a 502 is retried and the item succeeds', async () => {
		const path = `${TENANT_PATH}/projects/${PROJECT_ID}`;
		const scope = aurora().put(path).reply(502, '').put(path).reply(200, { project: PROJECT });

		const { output } = await runNode({
			parameters: { resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields: { status: 'Sold' }, simplify: false },
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT);
	});

	it('DELETE: a 503 is retried and the item succeeds', async () => {
		const path = `${TENANT_PATH}/webhooks/${WEBHOOK_ID}`;
		const scope = aurora().delete(path).reply(503, '').delete(path).reply(204);

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ deleted: true });
	});
});
