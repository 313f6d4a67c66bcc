/**
 * Every operation the sales loop added to the action node, against every way Aurora can fail it: a
 * revoked token (401), a restricted key (403), an object of another tenant (404), a conflict (409),
 * rate limiting and server errors that outlast the retries, and a timeout. Each one must end in a
 * NodeApiError that says what happened (or, under continueOnFail, in an item with `error` and the
 * HTTP code), never quote the API token, and send a creating request only once when it may have
 * reached Aurora.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { TENANT_PATH, TOKEN } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import { useNock } from '../../support/nock';
import type { NodeFailure } from './run-node';
import { DESIGN_ID, PROJECT_ID, allStrings, aurora, byId, countRequests, runNode, runNodeFailure } from './run-node';

useNock({ failOnUnmatched: true });

const REQUEST_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const AGREEMENT_ID = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a';
const USER_ID = '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f';

const MONTHLY = '850,780,820,900,1100,1300,1500,1450,1200,950,860,830';

interface Operation {
	name: string;
	parameters: IDataObject;
	method: 'get' | 'post' | 'put';
	/** Below the tenant path; '' for the tenant itself. */
	path: string;
	/** A paged list: any page / per_page query. */
	list?: boolean;
	/** The second place a list is read from when the first does not exist (404/405). */
	fallback?: string;
	/** The message of a 404. */
	notFound: string;
	/** For a creating request: what may have been made, where to check, and an answer that would succeed. */
	creates?: { what: string; check: string; answer: IDataObject };
}

const OPERATIONS: Operation[] = [
	{
		name: 'Consumption Profile → Get',
		parameters: { resource: 'consumptionProfile', operation: 'get', projectId: byId(PROJECT_ID) },
		method: 'get',
		path: `/projects/${PROJECT_ID}/consumption_profile`,
		notFound: `Consumption profile of project "${PROJECT_ID}" was not found (404)`,
	},
	{
		name: 'Consumption Profile → Update',
		parameters: {
			resource: 'consumptionProfile',
			operation: 'update',
			projectId: byId(PROJECT_ID),
			usageInput: 'monthly_energy',
			usageValues: MONTHLY,
			otherFields: '{}',
		},
		method: 'put',
		path: `/projects/${PROJECT_ID}/consumption_profile`,
		notFound: `Project "${PROJECT_ID}" was not found (404)`,
	},
	{
		name: 'Design Request → Create',
		parameters: { resource: 'designRequest', operation: 'create', projectId: byId(PROJECT_ID), additionalFields: {}, simplify: true },
		method: 'post',
		path: '/design_requests',
		notFound: `Project "${PROJECT_ID}" was not found (404)`,
		creates: {
			what: 'design request',
			check: "list the project's design requests with Design Request → Get Many before you create it again.",
			answer: { design_request: { id: REQUEST_ID, project_id: PROJECT_ID, status: 'pending' } },
		},
	},
	{
		name: 'Design Request → Get',
		parameters: { resource: 'designRequest', operation: 'get', designRequestId: byId(REQUEST_ID), simplify: true },
		method: 'get',
		path: `/design_requests/${REQUEST_ID}`,
		notFound: `Design request "${REQUEST_ID}" was not found (404)`,
	},
	{
		name: 'Design Request → Get Many',
		parameters: { resource: 'designRequest', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: true, simplify: true },
		method: 'get',
		path: `/projects/${PROJECT_ID}/design_requests`,
		list: true,
		fallback: '/design_requests',
		notFound: `Project "${PROJECT_ID}" was not found (404)`,
	},
	{
		name: 'Design Request → Accept',
		parameters: { resource: 'designRequest', operation: 'accept', designRequestId: byId(REQUEST_ID), simplify: true },
		method: 'post',
		path: `/design_requests/${REQUEST_ID}/accept`,
		notFound: `Design request "${REQUEST_ID}" was not found (404)`,
		creates: {
			what: 'design from this design request',
			check: 'get the design request with Design Request → Get: once accepted, its status is accepted and design_id names the new design.',
			answer: { design_request: { id: REQUEST_ID, status: 'accepted', design_id: DESIGN_ID } },
		},
	},
	{
		name: 'Agreement → Get',
		parameters: { resource: 'agreement', operation: 'get', agreementId: byId(AGREEMENT_ID), simplify: true },
		method: 'get',
		path: `/agreements/${AGREEMENT_ID}`,
		notFound: `Agreement "${AGREEMENT_ID}" was not found (404)`,
	},
	{
		name: 'Agreement → Get Many',
		parameters: { resource: 'agreement', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: true, filters: { statuses: ['signed'] }, simplify: true },
		method: 'get',
		path: `/projects/${PROJECT_ID}/agreements`,
		list: true,
		fallback: '/agreements',
		notFound: `Project "${PROJECT_ID}" was not found (404)`,
	},
	{
		name: 'Web Proposal → Get',
		parameters: { resource: 'webProposal', operation: 'get', designId: byId(DESIGN_ID), generateIfExpired: true },
		method: 'get',
		path: `/designs/${DESIGN_ID}/web_proposal`,
		notFound: `Web proposal of design "${DESIGN_ID}" was not found (404)`,
	},
	{
		name: 'Web Proposal → Generate URL',
		parameters: { resource: 'webProposal', operation: 'generateUrl', designId: byId(DESIGN_ID) },
		method: 'post',
		path: `/designs/${DESIGN_ID}/web_proposal/generate_url`,
		notFound: `Design "${DESIGN_ID}" was not found (404)`,
		creates: {
			what: 'web proposal link',
			check: 'get the current link with Web Proposal → Get before you generate another.',
			answer: { web_proposal: { url: 'https://v2.aurorasolar.com/e-proposal/abc', url_expired: false } },
		},
	},
	{
		name: 'Design → Get Assets',
		parameters: { resource: 'design', operation: 'getAssets', designId: byId(DESIGN_ID), returnAll: true },
		method: 'get',
		path: `/designs/${DESIGN_ID}/assets`,
		list: true,
		notFound: `Design "${DESIGN_ID}" was not found (404)`,
	},
	{
		name: 'Design → Get Roof Summary',
		parameters: { resource: 'design', operation: 'getRoofSummary', designId: byId(DESIGN_ID), simplify: true },
		method: 'get',
		path: `/designs/${DESIGN_ID}/roof_summary`,
		notFound: `Roof summary of design "${DESIGN_ID}" was not found (404)`,
	},
	{
		name: 'User → Get',
		parameters: { resource: 'user', operation: 'get', userId: byId(USER_ID), simplify: true },
		method: 'get',
		path: `/users/${USER_ID}`,
		notFound: `User "${USER_ID}" was not found (404)`,
	},
	{
		name: 'User → Get Many',
		parameters: { resource: 'user', operation: 'getAll', returnAll: true, filters: {}, simplify: true },
		method: 'get',
		path: '/users',
		list: true,
		notFound: "The tenant's user list was not found (404)",
	},
	{
		name: 'Tenant → Get',
		parameters: { resource: 'tenant', operation: 'get' },
		method: 'get',
		path: '',
		notFound: 'The tenant was not found (404)',
	},
];

type Kind = '401 revoked token' | '403 restricted key' | '404 other tenant' | '409 conflict' | '429 exhausted' | '500 exhausted' | 'timeout';

const ANSWERED_KINDS: Kind[] = ['401 revoked token', '403 restricted key', '404 other tenant', '409 conflict', '429 exhausted', '500 exhausted'];

/** Error bodies that quote the token, as a misbehaving proxy might. */
const ECHO = { error: `Request with Authorization: Bearer ${TOKEN} refused (token ${TOKEN})` };
const REDACTED = 'Request with Authorization: Bearer [redacted] refused (token [redacted])';

const MAX = BUDGETS.action.maxAttempts;

/** The interceptors for one operation failing in one way; returns how many requests Aurora saw. */
function arrange(operation: Operation, kind: Kind): () => number {
	const path = `${TENANT_PATH}${operation.path}`;
	const scope = aurora();
	const at = (target: string) => {
		const interceptor = scope[operation.method](target);
		return operation.list ? interceptor.query(true) : interceptor;
	};
	const succeed = () => {
		// A request past the first that would succeed: a retry the operation must not make shows up as a pass.
		if (operation.creates) at(path).reply(200, operation.creates.answer);
	};
	switch (kind) {
		case '401 revoked token':
			at(path).reply(401, ECHO);
			succeed();
			break;
		case '403 restricted key':
			at(path).reply(403, ECHO);
			succeed();
			break;
		case '404 other tenant':
			at(path).reply(404, ECHO);
			if (operation.fallback) at(`${TENANT_PATH}${operation.fallback}`).reply(404, ECHO);
			succeed();
			break;
		case '409 conflict':
			at(path).reply(409, ECHO);
			succeed();
			break;
		case '429 exhausted':
			at(path).times(MAX).reply(429, ECHO, { 'Retry-After': '0' });
			break;
		case '500 exhausted':
			at(path).times(operation.creates ? 1 : MAX).reply(500, ECHO);
			succeed();
			break;
		case 'timeout':
			at(path).times(operation.creates ? 1 : MAX).delay(600).reply(200, {});
			succeed();
			break;
	}
	return countRequests(scope);
}

/** How many requests each failure takes: the whole budget for what the transport repeats, one for the rest. */
function expectedRequests(operation: Operation, kind: Kind): number {
	switch (kind) {
		case '404 other tenant':
			return operation.fallback ? 2 : 1;
		case '429 exhausted':
			// 429 proves Aurora did not act, so even a creating request is repeated.
			return MAX;
		case '500 exhausted':
		case 'timeout':
			return operation.creates ? 1 : MAX;
		default:
			return 1;
	}
}

function expectedHttpCode(kind: Kind): string | null {
	return kind === 'timeout' ? null : kind.slice(0, 3);
}

/** The message users read, and a phrase of the description. */
function expectedWords(operation: Operation, kind: Kind): { message: string | RegExp; description: string } {
	const created = operation.creates;
	switch (kind) {
		case '401 revoked token':
			return { message: 'Aurora rejected the API token (401 Unauthorized)', description: 'Settings → API Tokens' };
		case '403 restricted key':
			return { message: `The API token is not allowed to do this (403 Forbidden): ${REDACTED}`, description: 'Restricted keys (rk_…)' };
		case '404 other tenant':
			return { message: operation.notFound, description: 'belongs to another tenant' };
		case '409 conflict':
			return { message: `Aurora reported a conflict (409): ${REDACTED}`, description: 'Wait a moment and try again.' };
		case '429 exhausted':
			return {
				message: 'Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)',
				description: 'about 90 requests per minute per API key',
			};
		case '500 exhausted':
			return created
				? { message: `Aurora had a server error (500); the ${created.what} may have been created in Aurora`, description: created.check }
				: { message: `Aurora had a server error (500) and the retries ran out: ${REDACTED}`, description: `Gave up after ${MAX} attempt(s)` };
		case 'timeout':
			return created
				? {
						message: new RegExp(`^Aurora did not answer in time \\((ECONNABORTED|ETIMEDOUT)\\); the ${created.what} may have been created in Aurora$`),
						description: created.check,
					}
				: { message: /^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\)$/, description: `Gave up after ${MAX} attempt(s)` };
	}
}

function expectFailure(error: NodeFailure, operation: Operation, kind: Kind): void {
	const { message, description } = expectedWords(operation, kind);
	expect(error).toBeInstanceOf(NodeApiError);
	if (typeof message === 'string') expect(error.message).toBe(message);
	else expect(error.message).toMatch(message);
	expect(error.description).toContain(description);
	expect(error.httpCode ?? null).toBe(expectedHttpCode(kind));
	expect(error.context?.itemIndex).toBe(0);
	if (kind === 'timeout') expect(error.context?.networkCode).toMatch(/^(ECONNABORTED|ETIMEDOUT)$/);
	for (const text of allStrings(error)) expect(text).not.toContain(TOKEN);
}

function expectFailureItem(json: IDataObject, operation: Operation, kind: Kind): void {
	const { message, description } = expectedWords(operation, kind);
	if (typeof message === 'string') expect(json.error).toBe(message);
	else expect(json.error).toMatch(message);
	expect(json.description).toEqual(expect.stringContaining(description));
	const httpCode = expectedHttpCode(kind);
	if (httpCode === null) {
		expect(json).not.toHaveProperty('httpCode');
		expect(json.networkCode).toMatch(/^(ECONNABORTED|ETIMEDOUT)$/);
		expect(Object.keys(json).sort()).toEqual(['description', 'error', 'networkCode']);
	} else {
		expect(json.httpCode).toBe(httpCode);
		expect(Object.keys(json).sort()).toEqual(['description', 'error', 'httpCode']);
	}
	expect(JSON.stringify(json)).not.toContain(TOKEN);
}

const byName = OPERATIONS.map((operation) => [operation.name, operation] as const);

describe('every new operation × every failure Aurora can answer with', () => {
	describe.each(byName)('%s', (_name, operation) => {
		it.each(ANSWERED_KINDS)('%s: a NodeApiError that says so, no token, and the expected number of requests', async (kind) => {
			const count = arrange(operation, kind);

			const error = await runNodeFailure({ parameters: operation.parameters });

			expect(count()).toBe(expectedRequests(operation, kind));
			expectFailure(error, operation, kind);
		});

		it.each(ANSWERED_KINDS)('%s under continueOnFail: one item with error, description and httpCode, no token', async (kind) => {
			const count = arrange(operation, kind);

			const { output } = await runNode({ continueOnFail: true, parameters: operation.parameters });

			expect(count()).toBe(expectedRequests(operation, kind));
			expect(output).toHaveLength(1);
			expect(output[0].pairedItem).toEqual({ item: 0 });
			expectFailureItem(output[0].json, operation, kind);
		});
	});
});

describe('every new operation × a timeout', () => {
	useShortAttemptTimeout(100);

	it.each(byName)('%s: a NodeApiError saying Aurora did not answer in time, no token, one request if it creates', async (_name, operation) => {
		const count = arrange(operation, 'timeout');

		const error = await runNodeFailure({ parameters: operation.parameters });

		expect(count()).toBe(expectedRequests(operation, 'timeout'));
		expectFailure(error, operation, 'timeout');
	});

	// Each read waits out the whole budget of attempt timeouts, so under continueOnFail only a few reads beside the creating requests.
	const continuing = byName.filter(
		([name, operation]) => operation.creates !== undefined || ['Consumption Profile → Update', 'Agreement → Get Many', 'Tenant → Get'].includes(name),
	);

	it.each(continuing)('%s under continueOnFail: one item with error, description and networkCode', async (_name, operation) => {
		const count = arrange(operation, 'timeout');

		const { output } = await runNode({ continueOnFail: true, parameters: operation.parameters });

		expect(count()).toBe(expectedRequests(operation, 'timeout'));
		expect(output).toHaveLength(1);
		expectFailureItem(output[0].json, operation, 'timeout');
	});
});

describe('the matrix covers every operation the new resources offer', () => {
	it('each operation of the new resources (and the new design operations) has a row', async () => {
		const { AuroraSolar } = await import('../../../nodes/AuroraSolar/AuroraSolar.node');
		const resources = ['consumptionProfile', 'designRequest', 'agreement', 'webProposal', 'user', 'tenant'];
		const offered = new AuroraSolar().description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => {
				const resource = String(property.displayOptions?.show?.resource?.[0]);
				return (property.options ?? []).map((option) => `${resource}.${String((option as { value: string }).value)}`);
			})
			.filter((key) => resources.includes(key.split('.')[0]));
		const covered = OPERATIONS.map((operation) => `${String(operation.parameters.resource)}.${String(operation.parameters.operation)}`);

		expect(covered.filter((key) => !key.startsWith('design.')).sort()).toEqual(offered.sort());
		expect(covered).toEqual(expect.arrayContaining(['design.getAssets', 'design.getRoofSummary']));
	});
});
