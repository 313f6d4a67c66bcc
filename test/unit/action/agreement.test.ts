/**
 * Agreement → Get and → Get Many. Get Many reads the project's own list first and falls back to the
 * tenant-wide list filtered by project; the Statuses filter is applied here, on either list.
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { AGREEMENT_STATUSES } from '../../../nodes/AuroraSolar/objects';
import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH } from '../../support/contexts';
import { useNock } from '../../support/nock';
import { recordSleeps } from '../../support/sleeps';
import { DESIGN_ID, PROJECT_ID, aurora, byId, countRequests, runNode, runNodeFailure } from './run-node';

const mock = useNock({ failOnUnmatched: true });

const AGREEMENT_ID = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a';
const OTHER_PROJECT_ID = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const FINANCING_ID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

const AGREEMENTS = `${TENANT_PATH}/agreements`;
const PROJECT_LIST = `${TENANT_PATH}/projects/${PROJECT_ID}/agreements`;
const AGREEMENT_PATH = `${AGREEMENTS}/${AGREEMENT_ID}`;

const AGREEMENT = {
	id: AGREEMENT_ID,
	project_id: PROJECT_ID,
	design_id: DESIGN_ID,
	financing_id: FINANCING_ID,
	status: 'signed',
	signed_at: '2024-06-03T15:00:00Z',
	error_message: null,
	created_at: '2024-06-02T09:00:00Z',
	updated_at: '2024-06-03T15:00:00Z',
	template_id: 'tpl-1',
	signers: [{ email: 'jane@example.com' }],
};

const SIMPLE_AGREEMENT = {
	id: AGREEMENT_ID,
	project_id: PROJECT_ID,
	design_id: DESIGN_ID,
	financing_id: FINANCING_ID,
	status: 'signed',
	signed_at: '2024-06-03T15:00:00Z',
	error_message: null,
	created_at: '2024-06-02T09:00:00Z',
	updated_at: '2024-06-03T15:00:00Z',
};

/** Agreement ids a-0001…, each a valid UUID. */
function agreementId(n: number): string {
	return `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function listed(n: number, status: string, projectId: string | undefined = PROJECT_ID): IDataObject {
	return { id: agreementId(n), ...(projectId !== undefined ? { project_id: projectId } : {}), status };
}

const get = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'agreement',
	operation: 'get',
	projectId: byId(''),
	agreementId: byId(AGREEMENT_ID),
	simplify: true,
	...overrides,
});
const getMany = (overrides: IDataObject = {}): IDataObject => ({
	resource: 'agreement',
	operation: 'getAll',
	projectId: byId(PROJECT_ID),
	returnAll: true,
	filters: {},
	simplify: false,
	...overrides,
});

describe('Agreement → Get', () => {
	it('GETs /agreements/{id} and returns the simplified agreement', async () => {
		const scope = mock.expectDone(aurora().get(AGREEMENT_PATH).reply(200, { agreement: AGREEMENT }));
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: get() });

		expect(count()).toBe(1);
		expect(output).toEqual([{ json: SIMPLE_AGREEMENT, pairedItem: { item: 0 } }]);
	});

	it('returns the raw agreement with Simplify off, from a bare body', async () => {
		mock.expectDone(aurora().get(AGREEMENT_PATH).reply(200, AGREEMENT));

		const { output } = await runNode({ parameters: get({ simplify: false }) });

		expect(output).toEqual([{ json: AGREEMENT, pairedItem: { item: 0 } }]);
	});

	it('simplifies an agreement that failed: every key present, null where Aurora sent nothing', async () => {
		mock.expectDone(aurora().get(AGREEMENT_PATH).reply(200, { agreement: { id: AGREEMENT_ID, status: 'error', error_message: 'Template has no signer', signed_at: '' } }));

		const { output } = await runNode({ parameters: get() });

		expect(output[0].json).toEqual({
			id: AGREEMENT_ID,
			project_id: null,
			design_id: null,
			financing_id: null,
			status: 'error',
			signed_at: null,
			error_message: 'Template has no signer',
			created_at: null,
			updated_at: null,
		});
	});

	it('an invalid agreement ID fails before anything is sent', async () => {
		const trap = nock(AURORA).get(/.*/).reply(200, { agreement: AGREEMENT });

		const error = await runNodeFailure({ parameters: get({ agreementId: byId(`${AGREEMENT_ID}/../..`) }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`The Agreement ID "${AGREEMENT_ID}/../.." is not an Aurora ID`);
		expect(error.requests).toHaveLength(0);
		expect(trap.isDone()).toBe(false);
	});
});

describe('Agreement → Get: failures', () => {
	it('404: names the agreement, after one request', async () => {
		const scope = aurora().get(AGREEMENT_PATH).reply(404, { error: 'Not Found' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: get() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Agreement "${AGREEMENT_ID}" was not found (404)`);
		expect(error.description).toContain('belongs to another tenant');
		expect(error.httpCode).toBe('404');
	});

	it('403: explains restricted keys, after one request', async () => {
		const scope = aurora().get(AGREEMENT_PATH).reply(403, { error: 'agreements:read not granted' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: get() });

		expect(count()).toBe(1);
		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): agreements:read not granted');
		expect(error.description).toContain('Restricted keys (rk_…)');
		expect(error.httpCode).toBe('403');
	});

	it('429 then 200: waits as asked and succeeds', async () => {
		mock.expectDone(aurora().get(AGREEMENT_PATH).reply(429, '', { 'Retry-After': '3' }).get(AGREEMENT_PATH).reply(200, { agreement: AGREEMENT }));
		const waits = recordSleeps();

		const { output } = await runNode({ parameters: get() });

		expect(waits).toEqual([3000]);
		expect(output[0].json).toEqual(SIMPLE_AGREEMENT);
	});

	it('429 on every attempt: the rate-limit error after the whole budget', async () => {
		const scope = aurora().get(AGREEMENT_PATH).times(BUDGETS.action.maxAttempts).reply(429, { error: 'slow down' }, { 'Retry-After': '0' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: get() });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
		expect(error.description).toContain('Aurora last asked to wait 0 s.');
		expect(error.httpCode).toBe('429');
	});

	it('500 on every attempt: the server-error message after the whole budget', async () => {
		const scope = aurora().get(AGREEMENT_PATH).times(BUDGETS.action.maxAttempts).reply(500, { error: 'agreement service down' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: get() });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora had a server error (500) and the retries ran out: agreement service down');
		expect(error.httpCode).toBe('500');
	});

	it('under continueOnFail, a 404 becomes {error, description, httpCode} paired with its item', async () => {
		mock.expectDone(aurora().get(AGREEMENT_PATH).reply(404, '').get(`${AGREEMENTS}/${agreementId(2)}`).reply(200, { agreement: listed(2, 'sent') }));

		const { output } = await runNode({ continueOnFail: true, parameters: [get(), get({ agreementId: byId(agreementId(2)), simplify: false })] });

		expect(output).toEqual([
			{
				json: {
					error: `Agreement "${AGREEMENT_ID}" was not found (404)`,
					description: expect.stringContaining('It may have been deleted'),
					httpCode: '404',
				},
				pairedItem: { item: 0 },
			},
			{ json: listed(2, 'sent'), pairedItem: { item: 1 } },
		]);
	});
});

describe('Agreement → Get Many', () => {
	it("reads the project's own list page by page and simplifies", async () => {
		const second = { ...AGREEMENT, id: agreementId(2), status: 'sent' };
		const scope = mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '250' })
				.reply(200, { agreements: [AGREEMENT, second] })
				.get(PROJECT_LIST)
				.query({ page: '2', per_page: '250' })
				.reply(200, { agreements: [] }),
		);
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: getMany({ simplify: true }) });

		expect(count()).toBe(2);
		expect(output).toEqual([
			{ json: SIMPLE_AGREEMENT, pairedItem: { item: 0 } },
			{ json: { ...SIMPLE_AGREEMENT, id: agreementId(2), status: 'sent' }, pairedItem: { item: 0 } },
		]);
	});

	it('with a Limit, asks for per_page = limit and stops there', async () => {
		mock.expectDone(aurora().get(PROJECT_LIST).query({ page: '1', per_page: '2' }).reply(200, { agreements: [listed(1, 'sent'), listed(2, 'viewed')] }));

		const { output } = await runNode({ parameters: getMany({ returnAll: false, limit: 2 }) });

		expect(output.map((item) => item.json)).toEqual([listed(1, 'sent'), listed(2, 'viewed')]);
	});

	it('the Statuses filter keeps only agreements in those statuses, on the project list', async () => {
		mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '250' })
				.reply(200, { agreements: [listed(1, 'sent'), listed(2, 'signed'), listed(3, 'declined'), listed(4, 'cancel-pending'), { id: agreementId(5) }] })
				.get(PROJECT_LIST)
				.query({ page: '2', per_page: '250' })
				.reply(200, { agreements: [] }),
		);

		const { output } = await runNode({ parameters: getMany({ filters: { statuses: ['signed', 'cancel-pending'] } }) });

		// An agreement without a status is in none of the statuses asked for.
		expect(output.map((item) => item.json.id)).toEqual([agreementId(2), agreementId(4)]);
	});

	it('Limit counts the agreements the Statuses filter kept, over several pages', async () => {
		mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '2' })
				.reply(200, { agreements: [listed(1, 'sent'), listed(2, 'signed')] })
				.get(PROJECT_LIST)
				.query({ page: '2', per_page: '2' })
				.reply(200, { agreements: [listed(3, 'viewed'), listed(4, 'signed')] }),
		);

		const { output } = await runNode({ parameters: getMany({ returnAll: false, limit: 2, filters: { statuses: ['signed'] } }) });

		expect(output.map((item) => item.json.id)).toEqual([agreementId(2), agreementId(4)]);
	});

	it('every status of AGREEMENT_STATUSES is an option of the filter, and each one filters', async () => {
		const filters = new AuroraSolar().description.properties.find(
			(property) => property.name === 'filters' && property.displayOptions?.show?.resource?.[0] === 'agreement',
		);
		const statuses = (filters?.options ?? []).find((option) => 'name' in option && option.name === 'statuses') as INodeProperties | undefined;
		expect(statuses?.type).toBe('multiOptions');
		expect((statuses?.options ?? []).map((option) => (option as { value: string }).value)).toEqual([...AGREEMENT_STATUSES]);
		const all = AGREEMENT_STATUSES.map((status, index) => listed(index + 1, status));
		for (const status of AGREEMENT_STATUSES) {
			aurora().get(PROJECT_LIST).query({ page: '1', per_page: '250' }).reply(200, { agreements: all });
			aurora().get(PROJECT_LIST).query({ page: '2', per_page: '250' }).reply(200, { agreements: [] });

			const { output } = await runNode({ parameters: getMany({ filters: { statuses: [status] } }) });

			expect(output.map((item) => item.json.status)).toEqual([status]);
		}
		expect(nock.pendingMocks()).toEqual([]);
	});

	it.each([404, 405])(
		'when the project list answers %i, falls back to /agreements?project_id=…, dropping other projects and applying Statuses',
		async (status) => {
			const scope = mock.expectDone(
				aurora()
					.get(PROJECT_LIST)
					.query({ page: '1', per_page: '250' })
					.reply(status, '')
					.get(AGREEMENTS)
					.query({ project_id: PROJECT_ID, page: '1', per_page: '250' })
					.reply(200, {
						agreements: [
							listed(1, 'signed'),
							listed(2, 'signed', OTHER_PROJECT_ID),
							listed(3, 'sent'),
							listed(4, 'signed', undefined),
						],
					})
					.get(AGREEMENTS)
					.query({ project_id: PROJECT_ID, page: '2', per_page: '250' })
					.reply(200, { agreements: [] }),
			);
			const count = countRequests(scope);

			const { output } = await runNode({ parameters: getMany({ filters: { statuses: ['signed'] } }) });

			expect(count()).toBe(3);
			expect(output.map((item) => item.json.id)).toEqual([agreementId(1), agreementId(4)]);
		},
	);

	it('in the fallback list, Limit counts only the kept agreements', async () => {
		mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query({ page: '1', per_page: '2' })
				.reply(404, '')
				.get(AGREEMENTS)
				.query({ project_id: PROJECT_ID, page: '1', per_page: '2' })
				.reply(200, { agreements: [listed(1, 'signed', OTHER_PROJECT_ID), listed(2, 'sent')] })
				.get(AGREEMENTS)
				.query({ project_id: PROJECT_ID, page: '2', per_page: '2' })
				.reply(200, { agreements: [listed(3, 'signed'), listed(4, 'signed')] }),
		);

		const { output } = await runNode({ parameters: getMany({ returnAll: false, limit: 2 }) });

		expect(output.map((item) => item.json.id)).toEqual([agreementId(2), agreementId(3)]);
	});

	it('when both places answer 404, the error names the project (the first failure)', async () => {
		const scope = mock.expectDone(aurora().get(PROJECT_LIST).query(true).reply(404, '').get(AGREEMENTS).query(true).reply(405, ''));
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(error.httpCode).toBe('404');
	});

	it('a 403 on the project list does not fall back', async () => {
		const scope = aurora().get(PROJECT_LIST).query(true).reply(403, { error: 'agreements:read not granted' });
		const fallback = nock(AURORA).get(AGREEMENTS).query(true).reply(200, { agreements: [listed(1, 'signed')] });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(1);
		expect(fallback.isDone()).toBe(false);
		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): agreements:read not granted');
	});

	it('a 403 on the fallback list is the error (it exists, but this key may not read it)', async () => {
		mock.expectDone(aurora().get(PROJECT_LIST).query(true).reply(404, '').get(AGREEMENTS).query(true).reply(403, { error: 'no' }));

		const error = await runNodeFailure({ parameters: getMany() });

		expect(error.message).toBe('The API token is not allowed to do this (403 Forbidden): no');
		expect(error.httpCode).toBe('403');
	});

	it('429 on every attempt at the project list: rate-limit error, no fallback', async () => {
		const scope = aurora().get(PROJECT_LIST).query(true).times(BUDGETS.action.maxAttempts).reply(429, '', { 'Retry-After': '0' });
		const fallback = nock(AURORA).get(AGREEMENTS).query(true).reply(200, { agreements: [] });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(fallback.isDone()).toBe(false);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
	});

	it('500 on every attempt at the project list: server-error message, no fallback', async () => {
		const scope = aurora().get(PROJECT_LIST).query(true).times(BUDGETS.action.maxAttempts).reply(500, '');
		const fallback = nock(AURORA).get(AGREEMENTS).query(true).reply(200, { agreements: [] });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getMany() });

		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(fallback.isDone()).toBe(false);
		expect(error.message).toBe('Aurora had a server error (500) and the retries ran out');
		expect(error.httpCode).toBe('500');
	});

	it('under continueOnFail, a failing list becomes one error item and the next item’s list is read', async () => {
		mock.expectDone(
			aurora()
				.get(PROJECT_LIST)
				.query(true)
				.reply(403, { error: 'no' })
				.get(`${TENANT_PATH}/projects/${OTHER_PROJECT_ID}/agreements`)
				.query({ page: '1', per_page: '250' })
				.reply(200, { agreements: [listed(7, 'signed', OTHER_PROJECT_ID)] })
				.get(`${TENANT_PATH}/projects/${OTHER_PROJECT_ID}/agreements`)
				.query({ page: '2', per_page: '250' })
				.reply(200, { agreements: [] }),
		);

		const { output } = await runNode({ continueOnFail: true, parameters: [getMany(), getMany({ projectId: byId(OTHER_PROJECT_ID) })] });

		expect(output).toEqual([
			{
				json: { error: 'The API token is not allowed to do this (403 Forbidden): no', description: expect.stringContaining('Restricted keys'), httpCode: '403' },
				pairedItem: { item: 0 },
			},
			{ json: listed(7, 'signed', OTHER_PROJECT_ID), pairedItem: { item: 1 } },
		]);
	});
});
