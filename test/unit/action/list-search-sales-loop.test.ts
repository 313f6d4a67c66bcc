/**
 * The pickers of the sales loop: design requests and agreements (lists whose place Aurora does not
 * document: the project's own path first, then the tenant-wide list filtered by project; the page
 * token carries which place answered as `<index>@<token>`), and users.
 */
import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { searchAgreements, searchDesignRequests, searchUsers } from '../../../nodes/AuroraSolar/actions/list-search/searches';
import { AURORA, TENANT_PATH } from '../../support/contexts';
import { loadOptionsContext } from '../../support/load-options-context';
import { PROJECT_ID, aurora, useNock } from './run-node';

useNock();

const OTHER_PROJECT = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';

type Search = (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>;

interface Picker {
	name: string;
	search: Search;
	/** The plural envelope key, and the path segment of both places. */
	key: 'design_requests' | 'agreements';
	items: IDataObject[];
	/** What the picker shows for `items`, in order. */
	results: Array<{ name: string; value: string }>;
}

const PICKERS: Picker[] = [
	{
		name: 'searchDesignRequests',
		search: searchDesignRequests,
		key: 'design_requests',
		items: [
			{ id: 'dr-1', project_id: PROJECT_ID, status: 'pending', created_at: '2024-06-01T10:00:00Z' },
			{ id: 'dr-2', status: 'completed' },
			{ id: 'dr-3' },
		],
		results: [
			{ name: 'pending 2024-06-01T10:00:00Z', value: 'dr-1' },
			{ name: 'completed', value: 'dr-2' },
			{ name: 'dr-3', value: 'dr-3' },
		],
	},
	{
		name: 'searchAgreements',
		search: searchAgreements,
		key: 'agreements',
		items: [
			{ id: 'ag-1', project_id: PROJECT_ID, status: 'signed', created_at: '2024-06-02T11:00:00Z' },
			{ id: 'ag-2', status: 'sent' },
			{ id: 'ag-3' },
		],
		results: [
			{ name: 'signed 2024-06-02T11:00:00Z', value: 'ag-1' },
			{ name: 'sent', value: 'ag-2' },
			{ name: 'ag-3', value: 'ag-3' },
		],
	},
];

const byName = PICKERS.map((picker) => [picker.name, picker] as const);

function withProject(projectId: unknown = { __rl: true, mode: 'list', value: PROJECT_ID }): ILoadOptionsFunctions {
	return loadOptionsContext({ currentParameters: { projectId } as IDataObject });
}

/** `/projects/{id}/<key>`: the first place. */
function projectPath(picker: Picker): string {
	return `${TENANT_PATH}/projects/${PROJECT_ID}/${picker.key}`;
}

/** `/<key>?project_id=…`: the tenant-wide list, the second place. */
function tenantPath(picker: Picker): string {
	return `${TENANT_PATH}/${picker.key}`;
}

function full(prefix: string, count: number, extra: IDataObject = {}): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ id: `${prefix}-${index}`, ...extra }));
}

describe('the node exposes its searches', () => {
	it('every From List field names a listSearch method the node has, and the node has no other', () => {
		const node = new AuroraSolar();
		const named = new Set<string>();
		const walk = (properties: INodeProperties[]): void => {
			for (const property of properties) {
				for (const mode of property.modes ?? []) {
					const method = mode.typeOptions?.searchListMethod;
					if (typeof method === 'string') named.add(method);
				}
				for (const option of property.options ?? []) {
					if ('values' in option && Array.isArray(option.values)) walk(option.values);
					else if ('type' in option && 'name' in option && 'displayName' in option) walk([option as INodeProperties]);
				}
			}
		};
		walk(node.description.properties);

		expect([...named].sort()).toEqual(Object.keys(node.methods.listSearch).sort());
		expect([...named].sort()).toEqual([
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

describe.each(byName)('%s', (_name, picker) => {
	it.each([
		['no Project field', {}],
		['an empty Project field', { projectId: { __rl: true, mode: 'list', value: '' } }],
		['a Project field of spaces', { projectId: { __rl: true, mode: 'id', value: '   ' } }],
	])('with %s: no results, and no request', async (_case, currentParameters) => {
		const scope = nock(AURORA).get(/.*/).reply(200, { [picker.key]: picker.items });

		const result = await picker.search.call(loadOptionsContext({ currentParameters: currentParameters as IDataObject }));

		expect(result).toEqual({ results: [] });
		expect(scope.isDone()).toBe(false);
	});

	it("the project's own list answers: page 1 of 100, labelled by status and date, else by id", async () => {
		const scope = aurora().get(projectPath(picker)).query({ page: '1', per_page: '100' }).reply(200, { [picker.key]: picker.items });
		const tenantWide = aurora().get(tenantPath(picker)).query(true).reply(200, { [picker.key]: [] });

		const result = await picker.search.call(withProject());

		expect(scope.isDone()).toBe(true);
		expect(tenantWide.isDone()).toBe(false);
		expect(result.results).toEqual(picker.results);
		// Not known to be the last page (the server may cap pages), so the token names the first place.
		expect(result.paginationToken).toMatch(/^0@\{/);
	});

	it('a project id typed By ID with spaces is trimmed', async () => {
		const scope = aurora().get(projectPath(picker)).query({ page: '1', per_page: '100' }).reply(200, { [picker.key]: [] });

		const result = await picker.search.call(withProject({ __rl: true, mode: 'id', value: ` ${PROJECT_ID} ` }));

		expect(scope.isDone()).toBe(true);
		expect(result).toEqual({ results: [], paginationToken: undefined });
	});

	it.each([[404], [405]])('the first place answers %s: the tenant-wide list with project_id, and items of other projects are dropped', async (status) => {
		const scope = aurora()
			.get(projectPath(picker))
			.query({ page: '1', per_page: '100' })
			.reply(status, { error: 'Not Found' })
			.get(tenantPath(picker))
			.query({ project_id: PROJECT_ID, page: '1', per_page: '100' })
			.reply(200, { [picker.key]: [...picker.items, { id: 'other-1', project_id: OTHER_PROJECT, status: 'pending' }] });

		const result = await picker.search.call(withProject());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual(picker.results);
		expect(result.paginationToken).toMatch(/^1@\{/);
	});

	it('the next page token `1@…` continues at the second place without asking the first again', async () => {
		const first = aurora()
			.get(projectPath(picker))
			.query({ page: '1', per_page: '100' })
			.reply(404, '')
			.get(tenantPath(picker))
			.query({ project_id: PROJECT_ID, page: '1', per_page: '100' })
			.reply(200, { [picker.key]: full('p1', 100, { project_id: PROJECT_ID }) });

		const page1 = await picker.search.call(withProject());
		expect(first.isDone()).toBe(true);
		expect(page1.results).toHaveLength(100);
		expect(page1.paginationToken).toMatch(/^1@/);

		const projectPlace = aurora().get(projectPath(picker)).query(true).reply(200, { [picker.key]: [{ id: 'wrong place' }] });
		const second = aurora()
			.get(tenantPath(picker))
			.query({ project_id: PROJECT_ID, page: '2', per_page: '100' })
			.reply(200, { [picker.key]: [{ id: 'p2-0', project_id: PROJECT_ID }, { id: 'p2-other', project_id: OTHER_PROJECT }] });

		const page2 = await picker.search.call(withProject(), undefined, page1.paginationToken);

		expect(second.isDone()).toBe(true);
		expect(projectPlace.isDone()).toBe(false);
		expect(page2).toEqual({ results: [{ name: 'p2-0', value: 'p2-0' }], paginationToken: undefined });
	});

	it('the next page token `0@…` continues at the first place', async () => {
		const scope = aurora()
			.get(projectPath(picker))
			.query({ page: '1', per_page: '100' })
			.reply(200, { [picker.key]: full('p1', 100) })
			.get(projectPath(picker))
			.query({ page: '2', per_page: '100' })
			.reply(200, { [picker.key]: [{ id: 'p2-0' }] });

		const page1 = await picker.search.call(withProject());
		const page2 = await picker.search.call(withProject(), undefined, page1.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(page1.paginationToken).toMatch(/^0@/);
		expect(page2).toEqual({ results: [{ name: 'p2-0', value: 'p2-0' }], paginationToken: undefined });
	});

	it('a page token whose cursor holds an "@" still continues where it left off', async () => {
		// An item without an id is remembered by its content, so the cursor may carry any of its text.
		const firstPage = [{ project_id: PROJECT_ID, notes: 'call jane@example.com' }, ...full('p1', 99, { project_id: PROJECT_ID })];
		const scope = aurora()
			.get(projectPath(picker))
			.query({ page: '1', per_page: '100' })
			.reply(200, { [picker.key]: firstPage })
			.get(projectPath(picker))
			.query({ page: '2', per_page: '100' })
			.reply(200, { [picker.key]: [{ id: 'p2-0' }] });

		const page1 = await picker.search.call(withProject());
		const page2 = await picker.search.call(withProject(), undefined, page1.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(page1.results).toHaveLength(99);
		expect(page2).toEqual({ results: [{ name: 'p2-0', value: 'p2-0' }], paginationToken: undefined });
	});

	it('filters by label and id, case-insensitively', async () => {
		const scope = aurora().get(projectPath(picker)).query({ page: '1', per_page: '100' }).reply(200, { [picker.key]: picker.items });

		const byLabel = await picker.search.call(withProject(), picker.results[1].name.toUpperCase());

		expect(scope.isDone()).toBe(true);
		expect(byLabel.results).toEqual([picker.results[1]]);
	});

	it('a 403 on the first place throws, and the second place is not tried', async () => {
		const scope = aurora().get(projectPath(picker)).query(true).reply(403, { error: 'Key may not list this' });
		const tenantWide = aurora().get(tenantPath(picker)).query(true).reply(200, { [picker.key]: picker.items });

		const error = await picker.search.call(withProject()).catch((caught: unknown) => caught);

		expect(scope.isDone()).toBe(true);
		expect(tenantWide.isDone()).toBe(false);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe('The API token is not allowed to do this (403 Forbidden): Key may not list this');
	});

	it('when neither place exists, the first place’s 404 is reported, naming the project', async () => {
		const scope = aurora()
			.get(projectPath(picker))
			.query(true)
			.reply(404, '')
			.get(tenantPath(picker))
			.query(true)
			.reply(405, { error: 'Method Not Allowed' });

		const error = await picker.search.call(withProject()).catch((caught: unknown) => caught);

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
	});

	it('a 403 on the second place (after a 404 on the first) throws the 403', async () => {
		const scope = aurora()
			.get(projectPath(picker))
			.query(true)
			.reply(404, '')
			.get(tenantPath(picker))
			.query(true)
			.reply(403, { error: 'nope' });

		const error = await picker.search.call(withProject()).catch((caught: unknown) => caught);

		expect(scope.isDone()).toBe(true);
		expect((error as Error).message).toBe('The API token is not allowed to do this (403 Forbidden): nope');
	});
});

describe('searchAgreements and searchDesignRequests read their own lists', () => {
	it('searchAgreements never reads design requests, and searchDesignRequests never reads agreements', async () => {
		const agreements = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}/agreements`).query(true).reply(200, { agreements: [{ id: 'ag-1' }] });
		const requests = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/design_requests`)
			.query(true)
			.reply(200, { design_requests: [{ id: 'dr-1' }] });

		const agreementResults = await searchAgreements.call(withProject());
		const requestResults = await searchDesignRequests.call(withProject());

		expect(agreements.isDone()).toBe(true);
		expect(requests.isDone()).toBe(true);
		expect(agreementResults.results).toEqual([{ name: 'ag-1', value: 'ag-1' }]);
		expect(requestResults.results).toEqual([{ name: 'dr-1', value: 'dr-1' }]);
	});
});

describe('searchUsers', () => {
	const USERS: IDataObject[] = [
		{ id: 'u-1', first_name: 'Dana', last_name: 'Whitfield', email: 'dana.whitfield@example.com' },
		{ id: 'u-2', first_name: 'Marco' },
		{ id: 'u-3', email: 'lena@example.com' },
		{ id: 'u-4' },
		{ first_name: 'No', last_name: 'Id' },
	];

	it('GETs /users page 1 (100 per page), labels users by name and <email>, else by id', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users`).query({ page: '1', per_page: '100' }).reply(200, { users: USERS });

		const result = await searchUsers.call(loadOptionsContext());

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([
			{ name: 'Dana Whitfield <dana.whitfield@example.com>', value: 'u-1' },
			{ name: 'Marco', value: 'u-2' },
			{ name: '<lena@example.com>', value: 'u-3' },
			{ name: 'u-4', value: 'u-4' },
		]);
	});

	it.each([
		['a first name', 'dana', ['u-1']],
		['an email', 'LENA@', ['u-3']],
		['an id', 'U-4', ['u-4']],
		['nothing that matches', 'zed', []],
	])('filters by %s', async (_case, filter, values) => {
		const scope = aurora().get(`${TENANT_PATH}/users`).query({ page: '1', per_page: '100' }).reply(200, { users: USERS });

		const result = await searchUsers.call(loadOptionsContext(), filter);

		expect(scope.isDone()).toBe(true);
		expect(result.results.map((entry) => entry.value)).toEqual(values);
	});

	it('loads the next page with its token', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/users`)
			.query({ page: '1', per_page: '100' })
			.reply(200, { users: full('u', 100) })
			.get(`${TENANT_PATH}/users`)
			.query({ page: '2', per_page: '100' })
			.reply(200, { users: [{ id: 'u-last', first_name: 'Last' }] });

		const first = await searchUsers.call(loadOptionsContext());
		const second = await searchUsers.call(loadOptionsContext(), undefined, first.paginationToken);

		expect(scope.isDone()).toBe(true);
		expect(second).toEqual({ results: [{ name: 'Last', value: 'u-last' }], paginationToken: undefined });
	});
});
