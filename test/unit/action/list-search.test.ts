import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { searchDesigns, searchLeads, searchProjects, searchWebhooks } from '../../../nodes/AuroraSolar/actions/list-search/searches';
import { AURORA, TENANT_PATH, testCredentials } from '../../support/contexts';
import { loadOptionsContext } from '../../support/load-options-context';
import { DESIGN_ID, LEAD_ID, LEAD_ID_2, PROJECT_ID, WEBHOOK_ID, aurora, useNock } from './run-node';

useNock();

const LEADS = [
	{ id: LEAD_ID, address: '434 Brannan St', customer: { customer_first_name: 'Jane', customer_last_name: 'Doe' } },
	{ id: LEAD_ID_2, customer: { customer_first_name: 'John' } },
	{ id: 'bare-lead' },
	{ address: 'no id, cannot be picked' },
];

interface Query {
	page: string | null;
	per_page: string | null;
}

/**
 * /leads over `all`: honours page and per_page, caps pages at `maxPerPage`, or always sends the
 * first page when `ignorePaging`. Returns the query of every request, in order.
 */
function pagedLeads(all: IDataObject[], options: { maxPerPage: number; ignorePaging?: boolean }): Query[] {
	const calls: Query[] = [];
	aurora()
		.get(`${TENANT_PATH}/leads`)
		.query(true)
		.times(50)
		.reply((uri) => {
			const query = new URL(uri, AURORA).searchParams;
			calls.push({ page: query.get('page'), per_page: query.get('per_page') });
			const size = Math.min(Number(query.get('per_page')), options.maxPerPage);
			const start = options.ignorePaging ? 0 : (Number(query.get('page')) - 1) * size;
			return [200, { leads: all.slice(start, start + size) }];
		});
	return calls;
}

/** Scrolls a picker to its end the way the editor does: ask again with each token until none comes back. */
async function scrollToEnd(
	search: (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>,
): Promise<{ results: INodeListSearchResult['results']; tokens: string[]; last: INodeListSearchResult }> {
	const results: INodeListSearchResult['results'] = [];
	const tokens: string[] = [];
	let last = await search.call(loadOptionsContext());
	results.push(...last.results);
	while (last.paginationToken !== undefined) {
		if (tokens.length > 20) throw new Error('The picker never stopped offering pages');
		tokens.push(String(last.paginationToken));
		last = await search.call(loadOptionsContext(), undefined, String(last.paginationToken));
		results.push(...last.results);
	}
	return { results, tokens, last };
}

describe('the node exposes its searches', () => {
	it('listSearch has one method for each From List field', () => {
		expect(Object.keys(new AuroraSolar().methods.listSearch).sort()).toEqual([
			'searchAgreements',
			'searchDesignRequests',
			'searchDesigns',
			'searchLeads',
			'searchProjects',
			'searchUsers',
			'searchWebhooks',
		]);
	});
});

describe('searchLeads', () => {
	it('GETs /leads page 1 (100 per page) and labels leads by customer name and address, else by id', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query({ page: '1', per_page: '100' }).reply(200, { leads: LEADS });

		const result = await searchLeads.call(loadOptionsContext());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([
			{ name: 'Jane Doe (434 Brannan St)', value: LEAD_ID },
			{ name: 'John', value: LEAD_ID_2 },
			{ name: 'bare-lead', value: 'bare-lead' },
		]);
		// The server may cap pages below 100, so a first page that is not empty is never known to be the last.
		expect(typeof result.paginationToken).toBe('string');
	});

	it('filters by name, case-insensitively', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query({ page: '1', per_page: '100' }).reply(200, { leads: LEADS });

		const result = await searchLeads.call(loadOptionsContext(), '  jane ');

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([{ name: 'Jane Doe (434 Brannan St)', value: LEAD_ID }]);
	});

	it('filters by id as well', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query(true).reply(200, LEADS);

		const result = await searchLeads.call(loadOptionsContext(), LEAD_ID_2.slice(0, 8).toUpperCase());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([{ name: 'John', value: LEAD_ID_2 }]);
	});

	it('offers the next page when a page is full, and loads page 2 with the token', async () => {
		const full = Array.from({ length: 100 }, (_, index) => ({ id: `lead-${index}` }));
		const scope = aurora()
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { leads: full })
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '2', per_page: '100' })
			.reply(200, { leads: [{ id: 'lead-100' }] });

		const first = await searchLeads.call(loadOptionsContext());
		const second = await searchLeads.call(loadOptionsContext(), undefined, first.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(first.results).toHaveLength(100);
		expect(typeof first.paginationToken).toBe('string');
		expect(second).toEqual({ results: [{ name: 'lead-100', value: 'lead-100' }], paginationToken: undefined });
	});

	it('keeps paging a server that caps pages below 100, and stops at its first shorter page', async () => {
		const all = Array.from({ length: 47 }, (_, index) => ({ id: `lead-${String(index).padStart(2, '0')}` }));
		const calls = pagedLeads(all, { maxPerPage: 20 });

		const seen = await scrollToEnd(searchLeads);

		expect(calls).toEqual([
			{ page: '1', per_page: '100' },
			{ page: '2', per_page: '100' },
			{ page: '3', per_page: '100' },
		]);
		expect(seen.results.map((result) => result.value)).toEqual(all.map((lead) => lead.id));
		expect(seen.tokens).toHaveLength(2);
	});

	it('an empty page after full ones ends the list, with no further token', async () => {
		const all = Array.from({ length: 40 }, (_, index) => ({ id: `lead-${index}` }));
		const calls = pagedLeads(all, { maxPerPage: 20 });

		const seen = await scrollToEnd(searchLeads);

		expect(calls.map((call) => call.page)).toEqual(['1', '2', '3']);
		expect(calls.every((call) => call.per_page === '100')).toBe(true);
		expect(seen.results).toHaveLength(40);
		expect(seen.last).toEqual({ results: [], paginationToken: undefined });
	});

	it('a server that ignores page: the repeated page shows nothing and offers no further token', async () => {
		const all = Array.from({ length: 30 }, (_, index) => ({ id: `lead-${index}` }));
		const calls = pagedLeads(all, { maxPerPage: 10, ignorePaging: true });

		const seen = await scrollToEnd(searchLeads);

		expect(calls).toEqual([
			{ page: '1', per_page: '100' },
			{ page: '2', per_page: '100' },
		]);
		expect(seen.results.map((result) => result.value)).toEqual(all.slice(0, 10).map((lead) => lead.id));
		expect(seen.last.results).toEqual([]);
		expect(seen.last.paginationToken).toBeUndefined();
	});

	it('a server that ignores page and repeats a full page: the picker fails clearly instead of ending the list there', async () => {
		const all = Array.from({ length: 300 }, (_, index) => ({ id: `lead-${index}` }));
		const calls = pagedLeads(all, { maxPerPage: 100, ignorePaging: true });

		const first = await searchLeads.call(loadOptionsContext());
		const error = await searchLeads.call(loadOptionsContext(), undefined, first.paginationToken).catch((caught: unknown) => caught);

		expect(calls).toEqual([
			{ page: '1', per_page: '100' },
			{ page: '2', per_page: '100' },
		]);
		expect(first.results).toHaveLength(100);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('Aurora sent page 2 of the leads list with nothing that earlier pages did not hold, although the pages were full');
	});

	it('offers the next page even when the filter matches nothing on this one', async () => {
		const full = Array.from({ length: 100 }, (_, index) => ({ id: `lead-${index}` }));
		const scope = aurora()
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { leads: full })
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '2', per_page: '100' })
			.reply(200, { leads: [{ id: 'wanted-lead' }] });

		const first = await searchLeads.call(loadOptionsContext(), 'wanted');
		const second = await searchLeads.call(loadOptionsContext(), 'wanted', first.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(first.results).toEqual([]);
		expect(typeof first.paginationToken).toBe('string');
		expect(second).toEqual({ results: [{ name: 'wanted-lead', value: 'wanted-lead' }], paginationToken: undefined });
	});

	it.each([['garbage'], ['2'], ['{"page": "2"}'], ['{"page": 0}'], ['null'], ['']])(
		'an unknown pagination token %p starts at page 1',
		async (token) => {
			const scope = aurora().get(`${TENANT_PATH}/leads`).query({ page: '1', per_page: '100' }).reply(200, { leads: LEADS });

			const result = await searchLeads.call(loadOptionsContext(), undefined, token);

			expect(scope.isDone()).toBe(true);
			expect(result.results).toHaveLength(3);
		},
	);

	it('an empty list gives no results', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query(true).reply(200, { leads: [] });

		expect(await searchLeads.call(loadOptionsContext())).toEqual({ results: [], paginationToken: undefined });
		expect(scope.isDone()).toBe(true);
	});

	it('an Aurora error reaches the picker as a readable message', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query(true).reply(403, { error: 'Key may not list leads' });

		const error = await searchLeads.call(loadOptionsContext()).catch((caught: unknown) => caught);

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe('The API token is not allowed to do this (403 Forbidden): Key may not list leads');
	});

	it('a key/environment mismatch is reported before any request', async () => {
		const context = loadOptionsContext({ credentials: testCredentials({ environment: 'sandbox', apiToken: 'sk_prod_abcdef' }) });

		const error = await searchLeads.call(context).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('The API token is a production key');
	});
});

describe('searchProjects', () => {
	it('labels projects by name, else by customer name, else by id', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '1', per_page: '100' })
			.reply(200, {
				projects: [
					{ id: PROJECT_ID, name: 'Doe residence' },
					{ id: 'p-2', name: '', customer_first_name: 'Ann', customer_last_name: 'Lee' },
					{ id: 'p-3' },
				],
			});

		const result = await searchProjects.call(loadOptionsContext());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([
			{ name: 'Doe residence', value: PROJECT_ID },
			{ name: 'Ann Lee', value: 'p-2' },
			{ name: 'p-3', value: 'p-3' },
		]);
	});

	it('loads the page named by the pagination token', async () => {
		const page = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ id: `p-${from + index}`, name: `Project ${from + index}` }));
		const scope = aurora()
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { projects: page(1, 100) })
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '2', per_page: '100' })
			.reply(200, { projects: page(101, 100) })
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '3', per_page: '100' })
			.reply(200, { projects: [{ id: 'p-201', name: 'Late' }] });

		const first = await searchProjects.call(loadOptionsContext(), 'late');
		const second = await searchProjects.call(loadOptionsContext(), 'late', first.paginationToken);
		const third = await searchProjects.call(loadOptionsContext(), 'late', second.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(first.results).toEqual([]);
		expect(second.results).toEqual([]);
		expect(third).toEqual({ results: [{ name: 'Late', value: 'p-201' }], paginationToken: undefined });
	});
});

describe('searchWebhooks', () => {
	it('labels subscriptions by event and description', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks`)
			.query({ page: '1', per_page: '100' })
			.reply(200, {
				webhooks: [
					{ id: WEBHOOK_ID, event: 'lead_created', description: 'n8n: Leads to Sheets' },
					{ id: 'w-2', event: 'lead_changed' },
					{ id: 'w-3' },
				],
			});

		const result = await searchWebhooks.call(loadOptionsContext());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([
			{ name: 'lead_created – n8n: Leads to Sheets', value: WEBHOOK_ID },
			{ name: 'lead_changed', value: 'w-2' },
			{ name: 'w-3', value: 'w-3' },
		]);
	});

	it('filters by event name', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks`)
			.query(true)
			.reply(200, [
				{ id: 'w-1', event: 'lead_created' },
				{ id: 'w-2', event: 'project_status_changed' },
			]);

		const result = await searchWebhooks.call(loadOptionsContext(), 'PROJECT');

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([{ name: 'project_status_changed', value: 'w-2' }]);
	});
});

describe('searchDesigns', () => {
	const designs: IDataObject[] = [{ id: DESIGN_ID, name: 'Design 1' }, { id: 'd-2' }];

	it('lists the designs of the project chosen in the Project field', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { designs });

		const result = await searchDesigns.call(loadOptionsContext({ currentParameters: { projectId: { __rl: true, mode: 'list', value: PROJECT_ID } } }));

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([
			{ name: 'Design 1', value: DESIGN_ID },
			{ name: 'd-2', value: 'd-2' },
		]);
	});

	it('loads the next page of the same project with the token, and stops at a shorter page', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { designs })
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '2', per_page: '100' })
			.reply(200, { designs: [{ id: 'd-3' }] });
		const context = () => loadOptionsContext({ currentParameters: { projectId: { __rl: true, mode: 'list', value: PROJECT_ID } } });

		const first = await searchDesigns.call(context());
		const second = await searchDesigns.call(context(), undefined, first.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(second).toEqual({ results: [{ name: 'd-3', value: 'd-3' }], paginationToken: undefined });
	});

	it('trims a project id typed By ID with spaces', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`).query(true).reply(200, { designs });

		await searchDesigns.call(loadOptionsContext({ currentParameters: { projectId: { __rl: true, mode: 'id', value: ` ${PROJECT_ID} ` } } }));

		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['no Project field', {}],
		['an empty Project field', { projectId: { __rl: true, mode: 'list', value: '' } }],
	])('with %s, offers nothing and asks Aurora nothing', async (_case, currentParameters) => {
		const scope = nock(AURORA).get(/.*/).reply(200, { designs });

		const result = await searchDesigns.call(loadOptionsContext({ currentParameters }));

		expect(result).toEqual({ results: [] });
		expect(scope.isDone()).toBe(false);
	});

	it('a project that does not exist fails with a 404 message in the picker', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`).query(true).reply(404, '');

		const error = await searchDesigns
			.call(loadOptionsContext({ currentParameters: { projectId: { __rl: true, mode: 'id', value: PROJECT_ID } } }))
			.catch((caught: unknown) => caught);

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
	});
});
