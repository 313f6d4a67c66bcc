/**
 * Every way a call can fail, seen through the node: the message and description a user reads in
 * n8n's error panel, how many requests reached Aurora, and what continueOnFail puts in the output.
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH, TOKEN, testCredentials } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import { recordSleeps } from '../../support/sleeps';
import type { LookupStep } from '../../support/flaky-host';
import { useFlakyHost } from '../../support/flaky-host';
import { json, useResetServer } from '../../support/reset-server';
import {
	DESIGN_ID,
	LEAD_ID,
	LEAD_ID_2,
	PROJECT_ID,
	WEBHOOK_ID,
	allStrings,
	aurora,
	byId,
	countRequests,
	runNode,
	runNodeFailure,
	useNock,
} from './run-node';

useNock();

const LEAD_PATH = `${TENANT_PATH}/leads/${LEAD_ID}`;
const getLead = { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: false };
const LEAD = { id: LEAD_ID, address: '434 Brannan St' };
const THIRD_LEAD_ID = '0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19';

describe('HTTP errors that are not retried', () => {
	it('401: says the token was rejected and how to fix it, after one request', async () => {
		const scope = aurora().get(LEAD_PATH).reply(401, { error: 'Unauthorized' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getLead });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora rejected the API token (401 Unauthorized)');
		expect(error.description).toContain('sandbox keys start with sk_sand_ or rk_sand_');
		expect(error.description).toContain('Settings → API Tokens');
		expect(error.httpCode).toBe('401');
		expect(count()).toBe(1);
		expect(scope.isDone()).toBe(true);
	});

	it('403: passes on Aurora’s reason and explains restricted keys', async () => {
		const scope = aurora().get(LEAD_PATH).reply(403, { error: 'This key may not retrieve leads' });

		const error = await runNodeFailure({ parameters: getLead });

		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): This key may not retrieve leads');
		expect(error.description).toContain('Restricted keys (rk_…)');
		expect(error.httpCode).toBe('403');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['Lead', { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true }, `/leads/${LEAD_ID}`, `Lead "${LEAD_ID}"`],
		['Project', { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: true }, `/projects/${PROJECT_ID}`, `Project "${PROJECT_ID}"`],
		['Design', { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: true }, `/designs/${DESIGN_ID}`, `Design "${DESIGN_ID}"`],
		['Design summary', { resource: 'design', operation: 'getSummary', designId: byId(DESIGN_ID) }, `/designs/${DESIGN_ID}/summary`, `Design "${DESIGN_ID}"`],
		[
			'Design pricing',
			{ resource: 'design', operation: 'getPricing', designId: byId(DESIGN_ID) },
			`/designs/${DESIGN_ID}/pricing`,
			`Pricing of design "${DESIGN_ID}"`,
		],
		['Webhook', { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) }, `/webhooks/${WEBHOOK_ID}`, `Webhook subscription "${WEBHOOK_ID}"`],
	])('404 on %s: the message names the object', async (_name, parameters, path, subject) => {
		const scope = aurora().get(`${TENANT_PATH}${path}`).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters });

		expect(error.message).toBe(`${subject} was not found (404)`);
		expect(error.description).toContain('belongs to another tenant or to the other environment');
		expect(error.httpCode).toBe('404');
		expect(scope.isDone()).toBe(true);
	});

	it('404 on a list of designs names the project', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`).query(true).reply(404, '');

		const error = await runNodeFailure({
			parameters: { resource: 'design', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: true, simplify: true },
		});

		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(scope.isDone()).toBe(true);
	});

	it('404 on convert, update and delete names the object too', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/leads/${LEAD_ID}/convert`)
			.reply(404)
			.put(`${TENANT_PATH}/projects/${PROJECT_ID}`)
			.reply(404)
			.delete(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`)
			.reply(404);

		const { output } = await runNode({
			continueOnFail: true,
			parameters: [
				{ resource: 'lead', operation: 'convert', leadId: byId(LEAD_ID), projectFields: {} },
				{ resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields: { status: 'Sold' }, simplify: true },
				{ resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) },
			],
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.error)).toEqual([
			`Lead "${LEAD_ID}" was not found (404)`,
			`Project "${PROJECT_ID}" was not found (404)`,
			`Webhook subscription "${WEBHOOK_ID}" was not found (404)`,
		]);
	});

	it('405: says the operation is not offered and points at the key’s API version', async () => {
		const scope = aurora().get(LEAD_PATH).reply(405, '');

		const error = await runNodeFailure({ parameters: getLead });

		expect(error.message).toBe('Aurora does not offer this operation here (405 Method Not Allowed)');
		expect(error.description).toContain('API version');
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['{"error": "..."}', { error: 'Project is locked by a running job' }, 'Project is locked by a running job'],
		['{"errors": [{"detail": "..."}]}', { errors: [{ detail: 'Project is locked' }, { detail: 'Try later' }] }, 'Project is locked; Try later'],
		['{"message": "..."}', { message: 'Conflict with design request' }, 'Conflict with design request'],
		['plain text', 'resource busy', 'resource busy'],
	])('409 with %s: Aurora’s own message is passed on', async (_shape, body, expected) => {
		const scope = aurora().put(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(409, body as never);
		const count = countRequests(scope);

		const error = await runNodeFailure({
			parameters: { resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields: { status: 'Sold' }, simplify: true },
		});

		expect(error.message).toBe(`Aurora reported a conflict (409): ${expected}`);
		expect(error.description).toBe('The object is in use or an operation on it is still running. Wait a moment and try again.');
		expect(error.httpCode).toBe('409');
		expect(count()).toBe(1);
	});

	it.each([
		['{"error": "..."}', { error: 'address is required' }, 'address is required'],
		['{"errors": [{"detail": "..."}]}', { errors: [{ detail: 'latitude must be a number' }] }, 'latitude must be a number'],
		['{"errors": ["...", "..."]}', { errors: ['name is too long', 'owner_id is unknown'] }, 'name is too long; owner_id is unknown'],
		['{"message": "..."}', { message: 'owner_id is not a user of this tenant' }, 'owner_id is not a user of this tenant'],
		['plain text', 'Unprocessable: bad latitude\n', 'Unprocessable: bad latitude'],
	])('422 with %s: Aurora’s own message is passed on', async (_shape, body, expected) => {
		const scope = aurora().post(`${TENANT_PATH}/projects`).reply(422, body as never);
		const count = countRequests(scope);

		const error = await runNodeFailure({
			parameters: { resource: 'project', operation: 'create', address: '434 Brannan St', additionalFields: {}, simplify: true },
		});

		expect(error.message).toBe(`Aurora could not process the request (422): ${expected}`);
		expect(error.description).toContain('A required field is missing or a value is invalid');
		expect(error.httpCode).toBe('422');
		expect(count()).toBe(1);
	});

	it('400: passes on Aurora’s message', async () => {
		const scope = aurora().get(LEAD_PATH).reply(400, { error: 'lead_id must be a UUID' });

		const error = await runNodeFailure({ parameters: getLead });

		expect(error.message).toBe('Aurora rejected the request as malformed (400): lead_id must be a UUID');
		expect(scope.isDone()).toBe(true);
	});
});

describe('429 rate limiting', () => {
	it('waits as long as Retry-After (seconds) says, then succeeds', async () => {
		const scope = aurora().get(LEAD_PATH).reply(429, { error: 'Too Many Requests' }, { 'Retry-After': '1' }).get(LEAD_PATH).reply(200, LEAD);
		const waits = recordSleeps();

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: LEAD, pairedItem: { item: 0 } }]);
		// The node must not retry before Aurora allows it: it asks n8n to wait exactly that long.
		expect(waits).toEqual([1000]);
	});

	it('understands Retry-After as an HTTP date, waits, then succeeds', async () => {
		const retryAt = new Date(Date.now() + 2000).toUTCString();
		const scope = aurora().get(LEAD_PATH).reply(429, '', { 'Retry-After': retryAt }).get(LEAD_PATH).reply(200, { lead: LEAD });
		const waits = recordSleeps();

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
		// HTTP dates have whole seconds, so the wait is between 1 and 2 s.
		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThanOrEqual(900);
		expect(waits[0]).toBeLessThanOrEqual(2000);
	});

	it('when the retries run out, says it kept being rate-limited and repeats Aurora’s Retry-After', async () => {
		const scope = aurora().get(LEAD_PATH).times(BUDGETS.action.maxAttempts).reply(429, { error: 'slow down' }, { 'Retry-After': '0' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getLead });

		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
		expect(error.description).toContain('about 90 requests per minute per API key');
		expect(error.description).toContain('Aurora last asked to wait 0 s.');
		expect(error.httpCode).toBe('429');
		expect(count()).toBe(6);
		expect(scope.isDone()).toBe(true);
	});

	it('without Retry-After, backs off and retries', async () => {
		const scope = aurora().get(LEAD_PATH).twice().reply(429, '').get(LEAD_PATH).reply(200, LEAD);

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
	});
});

describe('server errors', () => {
	it.each([500, 502, 503, 504])('%i is retried and the item succeeds when Aurora recovers', async (status) => {
		const scope = aurora().get(LEAD_PATH).reply(status, { error: 'oops' }).get(LEAD_PATH).reply(200, LEAD);

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: LEAD, pairedItem: { item: 0 } }]);
	});

	it('502, 503, 500 in a row, then success', async () => {
		const scope = aurora()
			.get(LEAD_PATH)
			.reply(502, '<html>Bad Gateway</html>')
			.get(LEAD_PATH)
			.reply(503, '')
			.get(LEAD_PATH)
			.reply(500, { error: 'x' })
			.get(LEAD_PATH)
			.reply(200, { lead: LEAD });

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
	});

	it('when 5xx persists, gives up after the last attempt with Aurora’s message', async () => {
		const scope = aurora().get(LEAD_PATH).times(BUDGETS.action.maxAttempts).reply(503, { error: 'Service Unavailable: maintenance' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getLead });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora had a server error (503) and the retries ran out: Service Unavailable: maintenance');
		expect(error.description).toContain('Gave up after 6 attempt(s)');
		expect(error.httpCode).toBe('503');
		expect(count()).toBe(6);
		expect(scope.isDone()).toBe(true);
	});

	it('an unusual status such as 418 is not retried and is reported with Aurora’s text', async () => {
		const scope = aurora().get(LEAD_PATH).reply(418, 'I am a teapot');
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getLead });

		expect(error.message).toBe('Aurora answered with HTTP 418: I am a teapot');
		expect(count()).toBe(1);
	});
});

describe('network failures', () => {
	useShortAttemptTimeout();

	it('a response slower than the attempt timeout is retried, and the item succeeds', async () => {
		const scope = aurora().get(LEAD_PATH).delay(1500).reply(200, { lead: { id: 'too-late' } }).get(LEAD_PATH).reply(200, LEAD);

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
	});

	it('a timeout on every attempt says Aurora did not answer in time', async () => {
		const scope = aurora().get(LEAD_PATH).times(BUDGETS.action.maxAttempts).delay(1500).reply(200, LEAD);
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getLead });

		expect(count()).toBe(6);
		expect(error.description).toContain('Gave up after 6 attempt(s). Check that n8n can reach http://aurora.test');
		expect(error.message).toMatch(/^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\)$/);
	});

	// A real local server that drops the connection: nock's replyWithError for socket errors races with
	// its mock socket and now and then crashes the run with an unhandled "socket hang up".
	const resets = useResetServer();

	it('a connection reset is retried, and the item succeeds', async () => {
		const server = await resets.start({ resets: 1, respond: json(200, LEAD) });

		const { output, requests } = await runNode({ parameters: getLead, credentials: testCredentials({ baseUrl: server.baseUrl }) });

		expect(server.requests).toEqual([`GET ${LEAD_PATH}`, `GET ${LEAD_PATH}`]);
		expect(requests.every((request) => request.headers?.Authorization === `Bearer ${TOKEN}`)).toBe(true);
		expect(output).toEqual([{ json: LEAD, pairedItem: { item: 0 } }]);
	});

	it('two resets in a row, then an enveloped answer: still one clean item', async () => {
		const server = await resets.start({ resets: 2, respond: json(200, { lead: LEAD }) });

		const { output } = await runNode({ parameters: getLead, credentials: testCredentials({ baseUrl: server.baseUrl }) });

		expect(server.requests).toHaveLength(3);
		expect(output).toEqual([{ json: LEAD, pairedItem: { item: 0 } }]);
	});

	it('a connection reset on every attempt says Aurora could not be reached, naming the host and the code', async () => {
		const server = await resets.start({ resets: Infinity });

		const error = await runNodeFailure({ parameters: getLead, credentials: testCredentials({ baseUrl: server.baseUrl }) });

		expect(server.requests).toHaveLength(BUDGETS.action.maxAttempts);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Could not reach Aurora at ${server.baseUrl} (ECONNRESET)`);
		expect(error.description).toContain('Gave up after 6 attempt(s)');
		expect(error.description).toContain(`Check that n8n can reach ${server.baseUrl}`);
		// No HTTP answer, so no HTTP code; the network code has its own field.
		expect(error.httpCode).toBeNull();
		expect(error.context?.networkCode).toBe('ECONNRESET');
	});

	it('a connection reset on every attempt under continueOnFail: an error item with ECONNRESET, and the next item still runs', async () => {
		const server = await resets.start({ resets: BUDGETS.action.maxAttempts, respond: json(200, { lead: { id: LEAD_ID_2 } }) });

		const { output } = await runNode({
			continueOnFail: true,
			parameters: [getLead, { ...getLead, leadId: byId(LEAD_ID_2) }],
			credentials: testCredentials({ baseUrl: server.baseUrl }),
		});

		expect(server.requests).toHaveLength(BUDGETS.action.maxAttempts + 1);
		expect(server.requests.at(-1)).toBe(`GET ${TENANT_PATH}/leads/${LEAD_ID_2}`);
		expect(output).toEqual([
			{
				json: {
					error: `Could not reach Aurora at ${server.baseUrl} (ECONNRESET)`,
					description: expect.stringContaining('Gave up after 6 attempt(s)'),
					networkCode: 'ECONNRESET',
				},
				pairedItem: { item: 0 },
			},
			{ json: { id: LEAD_ID_2 }, pairedItem: { item: 1 } },
		]);
	});
});

describe('malformed 200 answers', () => {
	it('an HTML page instead of JSON is retried, and the item succeeds when JSON comes back', async () => {
		const scope = aurora()
			.get(LEAD_PATH)
			.reply(200, '<html><body>Login</body></html>', { 'Content-Type': 'text/html' })
			.get(LEAD_PATH)
			.reply(200, LEAD);

		const { output } = await runNode({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
	});

	it('HTML on every attempt fails with a message about the body and a hint about Custom base URLs', async () => {
		const scope = aurora()
			.get(LEAD_PATH)
			.times(BUDGETS.action.maxAttempts)
			.reply(200, '<html><body>Login</body></html>', { 'Content-Type': 'text/html' });

		const error = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora answered with a body that is not valid JSON');
		expect(error.description).toContain('After 6 attempt(s) the response from http://aurora.test still could not be read');
		expect(error.description).toContain('Custom base URL');
	});

	it('a truncated JSON list body fails Get Many the same way', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query(true).times(BUDGETS.action.maxAttempts).reply(200, '{"leads": [{"id": "1"},');

		const error = await runNodeFailure({ parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe('Aurora answered with a body that is not valid JSON');
	});
});

describe('successful answers that hold nothing', () => {
	// Every operation that returns one object: an empty success must not become a blank item.
	// The sixth column: what a creating request may have made, which the message then mentions.
	const operations: Array<[string, IDataObject, 'get' | 'post' | 'put', string, string, string]> = [
		['Lead → Get', { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true }, 'get', `/leads/${LEAD_ID}`, 'lead', ''],
		['Lead → Convert', { resource: 'lead', operation: 'convert', leadId: byId(LEAD_ID), projectFields: {} }, 'post', `/leads/${LEAD_ID}/convert`, 'project', 'project'],
		['Project → Create', { resource: 'project', operation: 'create', address: '1 Main St', additionalFields: {}, simplify: true }, 'post', '/projects', 'project', 'project'],
		['Project → Get', { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: false }, 'get', `/projects/${PROJECT_ID}`, 'project', ''],
		[
			'Project → Update',
			{ resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields: { status: 'Sold' }, simplify: true },
			'put',
			`/projects/${PROJECT_ID}`,
			'project',
			'',
		],
		['Design → Get', { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: false }, 'get', `/designs/${DESIGN_ID}`, 'design', ''],
		['Design → Get Summary', { resource: 'design', operation: 'getSummary', designId: byId(DESIGN_ID) }, 'get', `/designs/${DESIGN_ID}/summary`, 'design', ''],
		['Design → Get Pricing', { resource: 'design', operation: 'getPricing', designId: byId(DESIGN_ID) }, 'get', `/designs/${DESIGN_ID}/pricing`, 'pricing', ''],
		[
			'Webhook → Create',
			{ resource: 'webhook', operation: 'create', event: 'lead_created', urlTemplate: 'https://n8n.example.com/w?lead_id=<LEAD_ID>', additionalFields: {} },
			'post',
			'/webhooks',
			'webhook',
			'webhook subscription',
		],
		['Webhook → Get', { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) }, 'get', `/webhooks/${WEBHOOK_ID}`, 'webhook', ''],
		[
			'Webhook → Update',
			{ resource: 'webhook', operation: 'update', webhookId: byId(WEBHOOK_ID), updateFields: { enabled: false } },
			'put',
			`/webhooks/${WEBHOOK_ID}`,
			'webhook',
			'',
		],
	];

	/** The message for an empty success; a creating request adds that its object may exist anyway. */
	function emptyMessage(what: string, created: string): string {
		const message = `Aurora's answer holds no ${what}`;
		return created ? `${message}; the ${created} may have been created in Aurora` : message;
	}

	it.each(operations)('%s: an empty 200 fails with "Aurora\'s answer holds no …" after one request', async (_name, parameters, method, path, what, created) => {
		const scope = aurora()[method](`${TENANT_PATH}${path}`).reply(200, '');
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters });

		expect(scope.isDone()).toBe(true);
		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(emptyMessage(what, created));
		if (!created) expect(error.description).toContain(`had no "${what}" object or array`);
		else expect(error.description).toContain('The request was sent once and not repeated');
		expect(error.httpCode).toBeNull();
	});

	it.each(operations)('%s: {} and an empty envelope become error items under continueOnFail', async (_name, parameters, method, path, what, created) => {
		const scope = aurora()[method](`${TENANT_PATH}${path}`).reply(200, {})[method](`${TENANT_PATH}${path}`).reply(200, { [what]: {} });

		const { output } = await runNode({ continueOnFail: true, parameters: [parameters, parameters] });

		expect(scope.isDone()).toBe(true);
		const failure = {
			error: emptyMessage(what, created),
			description: created ? expect.stringContaining('check whether it exists') : expect.stringContaining(`"${what}"`),
		};
		expect(output).toEqual([
			{ json: failure, pairedItem: { item: 0 } },
			{ json: failure, pairedItem: { item: 1 } },
		]);
	});

	it('a 204 No Content on Get is the same error', async () => {
		const scope = aurora().get(LEAD_PATH).reply(204);

		const error = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe("Aurora's answer holds no lead");
	});

	it('an item with an empty answer does not stop the items after it under continueOnFail', async () => {
		const scope = aurora().get(LEAD_PATH).reply(200, {}).get(`${TENANT_PATH}/leads/${LEAD_ID_2}`).reply(200, { lead: { id: LEAD_ID_2 } });

		const { output } = await runNode({ continueOnFail: true, parameters: [getLead, { ...getLead, leadId: byId(LEAD_ID_2) }] });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.error ?? item.json.id)).toEqual(["Aurora's answer holds no lead", LEAD_ID_2]);
	});

	it('Get Many: a 200 answer without the list names the missing list', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query(true).reply(200, { lead: LEAD });

		const error = await runNodeFailure({ parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no list of leads");
	});
});

describe('the API token never shows in an error', () => {
	const echo = { error: `Invalid request for token ${TOKEN} (Authorization: Bearer ${TOKEN})` };

	it.each([400, 401, 403, 404, 405, 409, 422, 418])('%i whose body echoes the token', async (status) => {
		const scope = aurora().get(LEAD_PATH).reply(status, echo);

		const error = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		for (const text of allStrings(error)) expect(text).not.toContain(TOKEN);
	});

	it('403 shows Aurora’s message with the token replaced by [redacted]', async () => {
		const scope = aurora().get(LEAD_PATH).reply(403, echo);

		const error = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(
			'The API token is not allowed to do this (403 Forbidden): Invalid request for token [redacted] (Authorization: Bearer [redacted])',
		);
	});

	it('5xx and 429 exhausted, whose bodies echo the token', async () => {
		const scope = aurora()
			.get(LEAD_PATH)
			.times(BUDGETS.action.maxAttempts)
			.reply(500, echo)
			.get(LEAD_PATH)
			.times(BUDGETS.action.maxAttempts)
			.reply(429, `rate limited: ${TOKEN}`, { 'Retry-After': '0' });

		const serverError = await runNodeFailure({ parameters: getLead });
		const rateLimited = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		expect(serverError.httpCode).toBe('500');
		expect(rateLimited.httpCode).toBe('429');
		for (const text of [...allStrings(serverError), ...allStrings(rateLimited)]) expect(text).not.toContain(TOKEN);
	});

	it('with continueOnFail, the output item does not carry the token either', async () => {
		const scope = aurora().get(LEAD_PATH).reply(422, echo);

		const { output } = await runNode({ parameters: getLead, continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json.error).toContain('[redacted]');
		expect(JSON.stringify(output)).not.toContain(TOKEN);
	});

	it('also when the credential’s token was pasted with surrounding whitespace', async () => {
		// The header carries the trimmed token, so that is what a misbehaving server echoes back.
		const scope = aurora().get(LEAD_PATH).reply(403, echo);

		const error = await runNodeFailure({ parameters: getLead, credentials: testCredentials({ apiToken: ` ${TOKEN}\n` }) });

		expect(scope.isDone()).toBe(true);
		for (const text of allStrings(error)) expect(text).not.toContain(TOKEN);
	});

	it('also when the echoed token straddles the 500-character cut of long messages', async () => {
		// 480 characters of text, then the token: the cut at 500 keeps the first 20 characters of the token.
		const scope = aurora().get(LEAD_PATH).reply(422, { error: `${'x'.repeat(480)}${TOKEN} and more` });

		const error = await runNodeFailure({ parameters: getLead });

		expect(scope.isDone()).toBe(true);
		// Anything past the public "sk_sand_" prefix is secret.
		const secretPart = TOKEN.slice(0, 'sk_sand_'.length + 6);
		for (const text of allStrings(error)) expect(text).not.toContain(secretPart);
	});
});

describe('continueOnFail', () => {
	it('a failing item becomes {error, description, httpCode} with its own pairedItem; the others still succeed', async () => {
		const scope = aurora()
			.get(LEAD_PATH)
			.reply(200, LEAD)
			.get(`${TENANT_PATH}/leads/${LEAD_ID_2}`)
			.reply(404, { error: 'Not Found' })
			.get(`${TENANT_PATH}/leads/${THIRD_LEAD_ID}`)
			.reply(200, { lead: { id: THIRD_LEAD_ID } });

		const { output } = await runNode({
			continueOnFail: true,
			parameters: [getLead, { ...getLead, leadId: byId(LEAD_ID_2) }, { ...getLead, leadId: byId(THIRD_LEAD_ID) }],
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: LEAD, pairedItem: { item: 0 } },
			{
				json: {
					error: `Lead "${LEAD_ID_2}" was not found (404)`,
					description: expect.stringContaining('It may have been deleted'),
					httpCode: '404',
				},
				pairedItem: { item: 1 },
			},
			{ json: { id: THIRD_LEAD_ID }, pairedItem: { item: 2 } },
		]);
	});

	it('a validation error becomes {error, description} without httpCode, and sends nothing for that item', async () => {
		const scope = aurora().post(`${TENANT_PATH}/projects`, { project: { address: '1 Main St' } }).reply(201, { project: { id: PROJECT_ID } });

		const { output, requests } = await runNode({
			continueOnFail: true,
			parameters: [
				{ resource: 'project', operation: 'create', address: '', additionalFields: {}, simplify: false },
				{ resource: 'project', operation: 'create', address: '1 Main St', additionalFields: {}, simplify: false },
			],
		});

		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		expect(output).toEqual([
			{
				json: {
					error: 'A project needs an Address, or a Latitude and a Longitude',
					description: 'Fill in Address, or add both Latitude and Longitude under Additional Fields.',
				},
				pairedItem: { item: 0 },
			},
			{ json: { id: PROJECT_ID }, pairedItem: { item: 1 } },
		]);
	});

	// A real refused connection: nock's replyWithError now and then escapes as an unhandled error.
	const flaky = useFlakyHost();

	it('a network failure in continueOnFail carries the network code as networkCode, and no httpCode', async () => {
		const host = await flaky.start({ lookups: Array<LookupStep>(BUDGETS.action.maxAttempts).fill('refused'), respond: json(200, LEAD) });

		const { output } = await runNode({ continueOnFail: true, parameters: getLead, credentials: testCredentials({ baseUrl: host.baseUrl }) });

		expect(host.lookups).toHaveLength(BUDGETS.action.maxAttempts);
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.networkCode).toBe('ECONNREFUSED');
		expect(output[0].json).not.toHaveProperty('httpCode');
		expect(output[0].json.description).toContain('Gave up after 6 attempt(s)');
	});

	it('without continueOnFail, the first failing item stops the node and the error names that item', async () => {
		const scope = aurora().get(LEAD_PATH).reply(200, LEAD).get(`${TENANT_PATH}/leads/${LEAD_ID_2}`).reply(404, '');

		const error = await runNodeFailure({
			parameters: [getLead, { ...getLead, leadId: byId(LEAD_ID_2) }, { ...getLead, leadId: byId('never-requested') }],
		});

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(`Lead "${LEAD_ID_2}" was not found (404)`);
		expect(error.context?.itemIndex).toBe(1);
		expect(error.requests).toHaveLength(2);
	});
});

describe('credential problems caught before any request', () => {
	/** Interceptors on the real hosts, which must stay unused. */
	function realHosts() {
		return [
			nock('https://api.aurorasolar.com').get(/.*/).reply(200, LEAD),
			nock('https://api-sandbox.aurorasolar.com').get(/.*/).reply(200, LEAD),
		];
	}

	it('Production environment with a sandbox key (sk_sand_…)', async () => {
		const scopes = realHosts();

		const error = await runNodeFailure({
			parameters: getLead,
			credentials: testCredentials({ environment: 'production', apiToken: 'sk_sand_abcdef123456' }),
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'The API token is a sandbox key (it starts with "sk_sand_") but the credential\'s Environment is Production. ' +
				'Set Environment to Sandbox, or use a production key (sk_prod_… or rk_prod_…).',
		);
		expect(error.requests).toHaveLength(0);
		for (const scope of scopes) expect(scope.isDone()).toBe(false);
	});

	it('Sandbox environment with a production key (rk_prod_…)', async () => {
		const scopes = realHosts();

		const error = await runNodeFailure({
			parameters: getLead,
			credentials: testCredentials({ environment: 'sandbox', apiToken: 'rk_prod_abcdef123456' }),
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'The API token is a production key (it starts with "rk_prod_") but the credential\'s Environment is Sandbox. ' +
				'Set Environment to Production, or use a sandbox key (sk_sand_… or rk_sand_…).',
		);
		expect(error.requests).toHaveLength(0);
		for (const scope of scopes) expect(scope.isDone()).toBe(false);
	});

	it('the mismatch is reported per item under continueOnFail', async () => {
		const { output, requests } = await runNode({
			continueOnFail: true,
			parameters: [getLead, getLead],
			credentials: testCredentials({ environment: 'production', apiToken: 'rk_sand_abcdef123456' }),
		});

		expect(requests).toHaveLength(0);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json.error).toContain('The API token is a sandbox key (it starts with "rk_sand_")');
	});

	it('a matching key and environment talks to the real host for that environment', async () => {
		const scope = nock('https://api-sandbox.aurorasolar.com', { reqheaders: { authorization: 'Bearer sk_sand_abcdef123456' } })
			.get(LEAD_PATH)
			.reply(200, LEAD);

		const { output } = await runNode({
			parameters: getLead,
			credentials: testCredentials({ environment: 'sandbox', apiToken: 'sk_sand_abcdef123456', baseUrl: 'http://ignored.test' }),
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(LEAD);
	});

	it('a credential without a Tenant ID', async () => {
		const error = await runNodeFailure({ parameters: getLead, credentials: testCredentials({ tenantId: '  ' }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Aurora Solar API credential has no Tenant ID');
		expect(error.description).toContain('API Settings');
		expect(error.requests).toHaveLength(0);
	});

	it.each(['', 'aurora.test', 'ftp://aurora.test'])('a Custom environment whose Base URL is %p', async (baseUrl) => {
		const error = await runNodeFailure({ parameters: getLead, credentials: testCredentials({ baseUrl }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Aurora Solar API credential has no valid Base URL');
		expect(error.requests).toHaveLength(0);
	});
});

describe('node configuration', () => {
	it('an unknown operation is named in the error and sends nothing', async () => {
		const scope = nock(AURORA).get(/.*/).reply(200, {});

		const error = await runNodeFailure({ parameters: { resource: 'lead', operation: 'delete' } });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The operation "delete" is not known for "lead"');
		expect(scope.isDone()).toBe(false);
	});
});
