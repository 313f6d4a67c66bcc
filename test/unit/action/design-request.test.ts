/**
 * Design Request → Create, Get, Get Many and Accept. Create and Accept make something in Aurora (a paid
 * 3D model, a new design), so after a lost answer they are never sent again; Get Many reads a list whose
 * place Aurora does not document, trying the project's own path first.
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH, testCredentials } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import { useFlakyHost } from '../../support/flaky-host';
import { useNock } from '../../support/nock';
import { json, useResetServer } from '../../support/reset-server';
import { recordSleeps } from '../../support/sleeps';
import { DESIGN_ID, PROJECT_ID, aurora, byId, countRequests, recordBodies, runNode, runNodeFailure } from './run-node';

// Not failOnUnmatched: the reset server and the flaky host are real servers that nock lets through.
const mock = useNock();

const REQUEST_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const REQUEST_ID_2 = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
const REQUEST_ID_3 = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const OTHER_PROJECT_ID = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';

const DESIGN_REQUESTS = `${TENANT_PATH}/design_requests`;
const PROJECT_LIST = `${TENANT_PATH}/projects/${PROJECT_ID}/design_requests`;
const REQUEST_PATH = `${DESIGN_REQUESTS}/${REQUEST_ID}`;
const ACCEPT_PATH = `${REQUEST_PATH}/accept`;

const DESIGN_REQUEST = {
	id: REQUEST_ID,
	project_id: PROJECT_ID,
	status: 'pending',
	design_id: null,
	notes: 'Model the south-facing roof only',
	created_at: '2024-06-01T10:00:00Z',
	updated_at: '2024-06-01T10:05:00Z',
	sla_hours: 24,
};

const SIMPLE_REQUEST = {
	id: REQUEST_ID,
	project_id: PROJECT_ID,
	status: 'pending',
	design_id: null,
	notes: 'Model the south-facing roof only',
	created_at: '2024-06-01T10:00:00Z',
	updated_at: '2024-06-01T10:05:00Z',
};

/** A design request of the list, with only what the list tests need. */
function listed(id: string, projectId: string | undefined, status = 'completed'): IDataObject {
	return { id, ...(projectId !== undefined ? { project_id: projectId } : {}), status };
}

const create = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'designRequest',
	operation: 'create',
	projectId: byId(PROJECT_ID),
	additionalFields: { notes: 'Model the south-facing roof only' },
	simplify: true,
	...overrides,
});
const get = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'designRequest',
	operation: 'get',
	projectId: byId(''),
	designRequestId: byId(REQUEST_ID),
	simplify: true,
	...overrides,
});
const getMany = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'designRequest',
	operation: 'getAll',
	projectId: byId(PROJECT_ID),
	returnAll: true,
	simplify: false,
	...overrides,
});
const accept = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'designRequest',
	operation: 'accept',
	designRequestId: byId(REQUEST_ID),
	simplify: true,
	...overrides,
});

const CREATED_BODY = { design_request: { project_id: PROJECT_ID, notes: 'Model the south-facing roof only' } };
const CREATE_CHECK = "Before you run this item again, check whether it exists: list the project's design requests with Design Request → Get Many before you create it again.";
const ACCEPT_CHECK = 'Before you run this item again, check whether it exists: get the design request with Design Request → Get: once accepted, its status is accepted and design_id names the new design.';

describe('Design Request → Create', () => {
	it('POSTs /design_requests with {"design_request": {project_id, notes}} and returns the simplified request', async () => {
		const scope = mock.expectDone(aurora().post(DESIGN_REQUESTS, CREATED_BODY).reply(201, { design_request: DESIGN_REQUEST }));
		const count = countRequests(scope);

		const { output, requests } = await runNode({ parameters: create() });

		expect(count()).toBe(1);
		expect(requests[0].body).toEqual(CREATED_BODY);
		expect(output).toEqual([{ json: SIMPLE_REQUEST, pairedItem: { item: 0 } }]);
	});

	it('with Simplify off, returns what Aurora sent', async () => {
		mock.expectDone(aurora().post(DESIGN_REQUESTS, CREATED_BODY).reply(201, { design_request: DESIGN_REQUEST }));

		const { output } = await runNode({ parameters: create({ simplify: false }) });

		expect(output).toEqual([{ json: DESIGN_REQUEST, pairedItem: { item: 0 } }]);
	});

	it('blank notes are not sent; the project id always is', async () => {
		mock.expectDone(aurora().post(DESIGN_REQUESTS, { design_request: { project_id: PROJECT_ID } }).reply(201, DESIGN_REQUEST));

		const { requests } = await runNode({ parameters: create({ additionalFields: { notes: '' } }) });

		expect(requests[0].body).toEqual({ design_request: { project_id: PROJECT_ID } });
	});

	it('an invalid project ID fails before anything is sent', async () => {
		const trap = nock(AURORA).post(/.*/).reply(201, { design_request: DESIGN_REQUEST });

		const error = await runNodeFailure({ parameters: create({ projectId: byId('{{ $json.project }}') }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Project ID "{{ $json.project }}" is not an Aurora ID');
		expect(error.requests).toHaveLength(0);
		expect(trap.isDone()).toBe(false);
	});
});

function expectMayHaveCreatedRequest(error: NodeApiError | (Error & { description?: string | null })): void {
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/; the design request may have been created in Aurora$/);
	expect(error.description).toContain('The request was sent once and not repeated, because repeating it could create a second design request.');
	expect(error.description).toContain(CREATE_CHECK);
}

describe('Design Request → Create: a lost answer is not sent again', () => {
	it.each([
		['500', 500, 'Aurora had a server error (500)'],
		['502', 502, 'Aurora had a server error (502)'],
	])('%s: exactly one POST, and the message says the design request may exist', async (_case, status, happened) => {
		// A second POST would succeed, so a retry would show up as a passing run.
		const scope = aurora().post(DESIGN_REQUESTS).reply(status, { error: 'upstream failed' }).post(DESIGN_REQUESTS).reply(201, { design_request: DESIGN_REQUEST });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: create() });

		expect(count()).toBe(1);
		expectMayHaveCreatedRequest(error);
		expect(error.message).toBe(`${happened}; the design request may have been created in Aurora`);
		expect(error.description).toMatch(/ Aurora said: upstream failed$/);
		expect(error.httpCode).toBe(String(status));
	});

	it('under continueOnFail, the error item says the same and carries the HTTP code', async () => {
		const scope = aurora().post(DESIGN_REQUESTS).reply(502, '').post(DESIGN_REQUESTS).reply(201, { design_request: DESIGN_REQUEST });
		const count = countRequests(scope);

		const { output } = await runNode({ continueOnFail: true, parameters: create() });

		expect(count()).toBe(1);
		expect(output).toEqual([
			{
				json: {
					error: 'Aurora had a server error (502); the design request may have been created in Aurora',
					description: expect.stringContaining(CREATE_CHECK),
					httpCode: '502',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	describe('a socket timeout', () => {
		useShortAttemptTimeout(150);

		it('exactly one POST, and the message says Aurora did not answer in time and the request may exist', async () => {
			const scope = aurora()
				.post(DESIGN_REQUESTS)
				.delay(600)
				.reply(201, { design_request: DESIGN_REQUEST })
				.post(DESIGN_REQUESTS)
				.reply(201, { design_request: DESIGN_REQUEST });
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: create() });

			expect(count()).toBe(1);
			expectMayHaveCreatedRequest(error);
			expect(error.message).toMatch(/^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\); /);
			expect(error.httpCode).toBeNull();
		});
	});

	describe('a connection reset after the request was sent', () => {
		const resets = useResetServer();

		it('ECONNRESET: exactly one POST reached the server, and the message says the request may exist', async () => {
			const server = await resets.start({ resets: 1, respond: json(201, { design_request: DESIGN_REQUEST }) });

			const error = await runNodeFailure({ parameters: create(), credentials: testCredentials({ baseUrl: server.baseUrl }) });

			expect(server.requests).toEqual([`POST ${DESIGN_REQUESTS}`]);
			expectMayHaveCreatedRequest(error);
			expect(error.message).toBe(
				`The connection to Aurora at ${server.baseUrl} broke before an answer arrived (ECONNRESET); the design request may have been created in Aurora`,
			);
			expect(error.context?.networkCode).toBe('ECONNRESET');
		});
	});
});

describe('Design Request → Create: failures that prove nothing was made', () => {
	it('429 with Retry-After: waits as asked, sends once more and succeeds', async () => {
		const scope = mock.expectDone(
			aurora()
				.post(DESIGN_REQUESTS, CREATED_BODY)
				.reply(429, { error: 'Too Many Requests' }, { 'Retry-After': '1' })
				.post(DESIGN_REQUESTS, CREATED_BODY)
				.reply(201, { design_request: DESIGN_REQUEST }),
		);
		const count = countRequests(scope);
		const waits = recordSleeps();

		const { output } = await runNode({ parameters: create() });

		expect(count()).toBe(2);
		expect(waits).toEqual([1000]);
		expect(output).toEqual([{ json: SIMPLE_REQUEST, pairedItem: { item: 0 } }]);
	});

	describe('a refused connection', () => {
		const flaky = useFlakyHost();

		it('ECONNREFUSED (never sent): the POST is sent on the next attempt and succeeds', async () => {
			const host = await flaky.start({ lookups: ['refused'], respond: json(201, { design_request: DESIGN_REQUEST }) });

			const { output, requests } = await runNode({ parameters: create(), credentials: testCredentials({ baseUrl: host.baseUrl }) });

			expect(host.lookups).toEqual(['refused', 'ok']);
			expect(requests).toHaveLength(2);
			expect(host.requests).toEqual([`POST ${DESIGN_REQUESTS}`]);
			expect(output).toEqual([{ json: SIMPLE_REQUEST, pairedItem: { item: 0 } }]);
		});
	});
});

describe('Design Request → Create: refusals', () => {
	it('409: says it passes with time, after one request', async () => {
		const scope = aurora().post(DESIGN_REQUESTS).reply(409, { error: 'A design request for this project is already in progress' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: create() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora reported a conflict (409): A design request for this project is already in progress');
		expect(error.description).toBe('The object is in use or an operation on it is still running. Wait a moment and try again.');
		expect(error.httpCode).toBe('409');
	});

	it('403 (a restricted key): says the key may not do this, after one request', async () => {
		const scope = aurora().post(DESIGN_REQUESTS).reply(403, { error: 'This key may not create design requests' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: create() });

		expect(count()).toBe(1);
		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): This key may not create design requests');
		expect(error.description).toContain('Restricted keys (rk_…)');
		expect(error.httpCode).toBe('403');
	});

	it('404 (a project of another tenant): the message names the project, after one request', async () => {
		const scope = aurora().post(DESIGN_REQUESTS).reply(404, { error: 'Not Found' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: create() });

		expect(count()).toBe(1);
		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(error.description).toContain('belongs to another tenant');
		expect(error.httpCode).toBe('404');
	});

	it('an empty 201 says the design request may exist, after one request', async () => {
		const scope = aurora().post(DESIGN_REQUESTS).reply(201, '');
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: create() });

		expect(count()).toBe(1);
		expect(error.message).toBe("Aurora's answer holds no design request; the design request may have been created in Aurora");
	});
});

describe('Design Request → Get', () => {
	it('GETs /design_requests/{id} (no project needed) and returns the simplified request', async () => {
		const scope = mock.expectDone(aurora().get(REQUEST_PATH).reply(200, { design_request: DESIGN_REQUEST }));
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: get() });

		expect(count()).toBe(1);
		expect(output).toEqual([{ json: SIMPLE_REQUEST, pairedItem: { item: 0 } }]);
	});

	it('returns the raw request with Simplify off, from a bare body', async () => {
		mock.expectDone(aurora().get(REQUEST_PATH).reply(200, DESIGN_REQUEST));

		const { output } = await runNode({ parameters: get({ simplify: false }) });

		expect(output).toEqual([{ json: DESIGN_REQUEST, pairedItem: { item: 0 } }]);
	});

	it('simplifies a request that lacks fields to null for each', async () => {
		mock.expectDone(aurora().get(REQUEST_PATH).reply(200, { design_request: { id: REQUEST_ID, status: 'completed', design_id: DESIGN_ID } }));

		const { output } = await runNode({ parameters: get() });

		expect(output[0].json).toEqual({
			id: REQUEST_ID,
			project_id: null,
			status: 'completed',
			design_id: DESIGN_ID,
			notes: null,
			created_at: null,
			updated_at: null,
		});
	});

	it.each([
		['an id with a path in it', `${REQUEST_ID}/accept`],
		['an empty expression result', ''],
		['a name instead of an id', 'Doe residence'],
	])('%s: NodeOperationError, nothing sent', async (_case, value) => {
		const trap = nock(AURORA).get(/.*/).reply(200, { design_request: DESIGN_REQUEST });

		const error = await runNodeFailure({ parameters: get({ designRequestId: byId(value) }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(value === '' ? 'The Design Request ID is empty' : `The Design Request ID ${JSON.stringify(value)} is not an Aurora ID`);
		expect(error.description).toContain('Nothing was sent to Aurora.');
		expect(error.requests).toHaveLength(0);
		expect(trap.isDone()).toBe(false);
	});

	it('404 names the design request', async () => {
		mock.expectDone(aurora().get(REQUEST_PATH).reply(404, { error: 'Not Found' }));

		const error = await runNodeFailure({ parameters: get() });

		expect(error.message).toBe(`Design request "${REQUEST_ID}" was not found (404)`);
	});
});

describe('Design Request → Get Many', () => {
	it("reads the project's own list page by page (page, per_page = 250 with Return All)", async () => {
		const second = { ...DESIGN_REQUEST, id: REQUEST_ID_2, status: 'completed' };
		const scope = mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '250' })
				.reply(200, { design_requests: [DESIGN_REQUEST, second] })
				.get(PROJECT_LIST)
				.query({ page: '2', per_page: '250' })
				.reply(200, { design_requests: [] }),
		);
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: getMany() });

		expect(count()).toBe(2);
		expect(output).toEqual([
			{ json: DESIGN_REQUEST, pairedItem: { item: 0 } },
			{ json: second, pairedItem: { item: 0 } },
		]);
	});

	it('with a Limit, asks for per_page = limit and simplifies', async () => {
		mock.expectDone(aurora().get(PROJECT_LIST).query({ page: '1', per_page: '1' }).reply(200, { design_requests: [DESIGN_REQUEST] }));

		const { output } = await runNode({ parameters: getMany({ returnAll: false, limit: 1, simplify: true }) });

		expect(output).toEqual([{ json: SIMPLE_REQUEST, pairedItem: { item: 0 } }]);
	});

	it.each([404, 405])(
		'when the project list answers %i, falls back to /design_requests?project_id=…, and drops items of another project',
		async (status) => {
			const scope = mock.expectDone(
				aurora()
					.get(PROJECT_LIST)
					.query({ page: '1', per_page: '250' })
					.reply(status, { error: 'Not Found' })
					.get(DESIGN_REQUESTS)
					.query({ project_id: PROJECT_ID, page: '1', per_page: '250' })
					.reply(200, {
						design_requests: [listed(REQUEST_ID, PROJECT_ID), listed(REQUEST_ID_2, OTHER_PROJECT_ID), listed(REQUEST_ID_3, undefined)],
					})
					.get(DESIGN_REQUESTS)
					.query({ project_id: PROJECT_ID, page: '2', per_page: '250' })
					.reply(200, { design_requests: [] }),
			);
			const count = countRequests(scope);

			const { output } = await runNode({ parameters: getMany() });

			expect(count()).toBe(3);
			// An item that names no project is kept: only one that names another project is dropped.
			expect(output.map((item) => item.json.id)).toEqual([REQUEST_ID, REQUEST_ID_3]);
		},
	);

	it('in the fallback list, Limit counts the kept items only', async () => {
		mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '2' })
				.reply(404, '')
				.get(DESIGN_REQUESTS)
				.query({ project_id: PROJECT_ID, page: '1', per_page: '2' })
				.reply(200, { design_requests: [listed(REQUEST_ID, PROJECT_ID), listed(REQUEST_ID_2, OTHER_PROJECT_ID)] })
				.get(DESIGN_REQUESTS)
				.query({ project_id: PROJECT_ID, page: '2', per_page: '2' })
				.reply(200, { design_requests: [listed(REQUEST_ID_3, PROJECT_ID), listed('8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e', PROJECT_ID)] }),
		);

		const { output } = await runNode({ parameters: getMany({ returnAll: false, limit: 2 }) });

		expect(output.map((item) => item.json.id)).toEqual([REQUEST_ID, REQUEST_ID_3]);
	});

	it('when both places answer 404, the error is the first one, naming the project, after one request each', async () => {
		const scope = mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query(true)
				.reply(404, { error: 'Not Found' })
				.get(DESIGN_REQUESTS)
				.query(true)
				.reply(404, { error: 'No route' }),
		);
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(error.description).toContain('Aurora said: Not Found');
		expect(error.httpCode).toBe('404');
	});

	it('when the project list is missing and the fallback answers 405, the project list’s 404 is reported', async () => {
		mock.expectDone(aurora().get(PROJECT_LIST).query(true).reply(404, '').get(DESIGN_REQUESTS).query(true).reply(405, ''));

		const error = await runNodeFailure({ parameters: getMany() });

		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(error.httpCode).toBe('404');
	});

	it('a 403 on the project list does not fall back: one request, and the 403 is the error', async () => {
		const scope = aurora().get(PROJECT_LIST).query(true).reply(403, { error: 'design_requests:read not granted' });
		const fallback = nock(AURORA).get(DESIGN_REQUESTS).query(true).reply(200, { design_requests: [listed(REQUEST_ID, PROJECT_ID)] });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(1);
		expect(fallback.isDone()).toBe(false);
		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): design_requests:read not granted');
		expect(error.httpCode).toBe('403');
	});

	it('a 500 on the project list is retried there, not taken for a missing list', async () => {
		const scope = mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '250' })
				.reply(500, '')
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '250' })
				.reply(200, { design_requests: [DESIGN_REQUEST] })
				.get(PROJECT_LIST)
				.query({ page: '2', per_page: '250' })
				.reply(200, { design_requests: [] }),
		);
		const fallback = nock(AURORA).get(DESIGN_REQUESTS).query(true).reply(200, { design_requests: [] });
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: getMany() });

		expect(count()).toBe(3);
		expect(fallback.isDone()).toBe(false);
		expect(output.map((item) => item.json.id)).toEqual([REQUEST_ID]);
	});

	it('an invalid project ID fails before anything is sent', async () => {
		const trap = nock(AURORA).get(/.*/).reply(200, { design_requests: [] });

		const error = await runNodeFailure({ parameters: getMany({ projectId: byId('not-a-project') }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Project ID "not-a-project" is not an Aurora ID');
		expect(error.requests).toHaveLength(0);
		expect(trap.isDone()).toBe(false);
	});
});

describe('Design Request → Accept', () => {
	const ACCEPTED = { status: 'accepted', design_id: DESIGN_ID };

	it('POSTs /design_requests/{id}/accept with no body and returns the simplified request', async () => {
		const scope = mock.expectDone(aurora().post(ACCEPT_PATH).reply(200, { design_request: ACCEPTED }));
		const bodies = recordBodies(scope);

		const { output, requests } = await runNode({ parameters: accept() });

		expect(bodies).toHaveLength(1);
		expect(requests[0].body).toBeUndefined();
		expect(output).toEqual([
			{
				// Aurora's answer lacks the id; the item names the request that was accepted.
				json: { id: REQUEST_ID, project_id: null, status: 'accepted', design_id: DESIGN_ID, notes: null, created_at: null, updated_at: null },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('with Simplify off, returns what Aurora sent', async () => {
		const full = { ...DESIGN_REQUEST, ...ACCEPTED };
		mock.expectDone(aurora().post(ACCEPT_PATH).reply(200, { design_request: full }));

		const { output } = await runNode({ parameters: accept({ simplify: false }) });

		expect(output).toEqual([{ json: full, pairedItem: { item: 0 } }]);
	});

	it.each([
		['500', 500, 'Aurora had a server error (500)'],
		['502', 502, 'Aurora had a server error (502)'],
		['an unreadable 200', 200, 'Aurora answered with a body that is not valid JSON'],
	])('a lost answer (%s): one POST only, and the message says to check with Design Request → Get', async (_case, status, happened) => {
		const scope = aurora()
			.post(ACCEPT_PATH)
			.reply(status, status === 200 ? '<html>gateway</html>' : '', { 'Content-Type': status === 200 ? 'text/html' : 'application/json' })
			.post(ACCEPT_PATH)
			.reply(200, { design_request: ACCEPTED });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: accept() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`${happened}; the design from this design request may have been created in Aurora`);
		expect(error.description).toContain('because repeating it could create a second design from this design request');
		expect(error.description).toContain(ACCEPT_CHECK);
	});

	describe('a socket timeout', () => {
		useShortAttemptTimeout(150);

		it('one POST only, and the message says to check with Design Request → Get', async () => {
			const scope = aurora().post(ACCEPT_PATH).delay(600).reply(200, { design_request: ACCEPTED }).post(ACCEPT_PATH).reply(200, { design_request: ACCEPTED });
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: accept() });

			expect(count()).toBe(1);
			expect(error.message).toMatch(/^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\); the design from this design request may have been created in Aurora$/);
			expect(error.description).toContain(ACCEPT_CHECK);
		});
	});

	it('422 "not completed": Aurora’s message is shown, after one request', async () => {
		const scope = aurora().post(ACCEPT_PATH).reply(422, { error: 'Design request is not completed' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: accept() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora could not process the request (422): Design request is not completed');
		expect(error.httpCode).toBe('422');
	});

	it('404 names the design request', async () => {
		mock.expectDone(aurora().post(ACCEPT_PATH).reply(404, ''));

		const error = await runNodeFailure({ parameters: accept() });

		expect(error.message).toBe(`Design request "${REQUEST_ID}" was not found (404)`);
	});

	it('429 is retried (Aurora did not act on it), and the second POST succeeds', async () => {
		const scope = mock.expectDone(
			aurora().post(ACCEPT_PATH).reply(429, '', { 'Retry-After': '0' }).post(ACCEPT_PATH).reply(200, { design_request: ACCEPTED }),
		);
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: accept({ simplify: false }) });

		expect(count()).toBe(2);
		expect(output[0].json).toEqual(ACCEPTED);
	});

	it('429 on every attempt: the usual rate-limit error after the whole budget', async () => {
		const scope = aurora().post(ACCEPT_PATH).times(BUDGETS.action.maxAttempts).reply(429, '', { 'Retry-After': '0' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: accept() });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
	});
});
