import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { auroraPaginate } from '../../../nodes/AuroraSolar/transport/paginate';
import { FALLBACK_PAGE_SIZE, PAGE_SIZE } from '../../../nodes/AuroraSolar/transport/page-cursor';
import { AURORA, TENANT_PATH, TOKEN, executeContext } from '../../support/contexts';
import { useNock } from '../../support/nock';

useNock();

const PATH = `${TENANT_PATH}/projects`;

function projects(count: number, from = 0): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ id: `p-${String(from + index).padStart(4, '0')}`, name: `Project ${from + index}` }));
}

interface ListServer {
	/** Every request's (page, per_page), in order. */
	calls: Array<{ page: number; perPage: number }>;
	scope: nock.Scope;
}

/**
 * A list endpoint over `data`. By default it honours page/per_page (per_page defaults to 100);
 * `maxPerPage` caps the page size, `ignorePaging` always sends the first page.
 */
function listServer(data: IDataObject[], options: { maxPerPage?: number; ignorePaging?: boolean; envelope?: boolean } = {}): ListServer {
	const calls: ListServer['calls'] = [];
	const scope = nock(AURORA, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
		.get(PATH)
		.query(true)
		.times(1000)
		.reply((uri) => {
			const query = new URL(uri, AURORA).searchParams;
			const page = Number(query.get('page') ?? 1);
			const perPage = Number(query.get('per_page') ?? 100);
			calls.push({ page, perPage });
			const size = Math.min(perPage, options.maxPerPage ?? Infinity);
			const start = options.ignorePaging ? 0 : (page - 1) * size;
			const slice = data.slice(start, start + size);
			return [200, options.envelope === false ? slice : { projects: slice }];
		});
	return { calls, scope };
}

async function paginate(limit?: number): Promise<IDataObject[]> {
	const context = executeContext({ parameters: {} }) as IExecuteFunctions;
	return await auroraPaginate.call(context, { path: '/projects', key: 'projects', limit, itemIndex: 0, subject: 'Projects' });
}

function ids(items: IDataObject[]): unknown[] {
	return items.map((item) => item.id);
}

describe('auroraPaginate', () => {
	it('asks for the largest page first (per_page=250, page=1)', () => {
		expect(PAGE_SIZE).toBe(250);
		expect(FALLBACK_PAGE_SIZE).toBe(100);
	});

	it('reads several full pages and a short last page, in order, with Return All', async () => {
		const data = projects(600);
		const server = listServer(data);

		const items = await paginate();

		expect(ids(items)).toEqual(ids(data));
		expect(server.calls).toEqual([
			{ page: 1, perPage: 250 },
			{ page: 2, perPage: 250 },
			{ page: 3, perPage: 250 },
		]);
	});

	it('stops at an empty page when the total is an exact multiple of the page size', async () => {
		const data = projects(500);
		const server = listServer(data);

		const items = await paginate();

		expect(items).toHaveLength(500);
		expect(server.calls.map((call) => call.page)).toEqual([1, 2, 3]);
	});

	it('returns exactly the total with Return All (no duplicates, nothing missing)', async () => {
		const data = projects(251);
		listServer(data);

		const items = await paginate();

		expect(items).toHaveLength(251);
		expect(new Set(ids(items)).size).toBe(251);
	});

	it('a limit smaller than a page makes one request with per_page = limit', async () => {
		const server = listServer(projects(600));

		const items = await paginate(7);

		expect(ids(items)).toEqual(ids(projects(7)));
		expect(server.calls).toEqual([{ page: 1, perPage: 7 }]);
	});

	it('a limit larger than a page reads just enough pages and cuts the last one', async () => {
		const server = listServer(projects(600));

		const items = await paginate(300);

		expect(ids(items)).toEqual(ids(projects(300)));
		expect(server.calls).toEqual([
			{ page: 1, perPage: 250 },
			{ page: 2, perPage: 250 },
		]);
	});

	it('a limit larger than the total returns the total', async () => {
		const server = listServer(projects(12));

		const items = await paginate(50);

		expect(items).toHaveLength(12);
		expect(server.calls.length).toBeLessThanOrEqual(2);
	});

	it('an empty list gives no items after one request', async () => {
		const server = listServer([]);

		expect(await paginate()).toEqual([]);
		expect(server.calls).toHaveLength(1);
	});

	it('terminates without duplicates when the server ignores page and per_page and repeats the same page', async () => {
		const data = projects(40);
		const server = listServer(data, { ignorePaging: true, maxPerPage: 10 });

		const items = await paginate();

		expect(ids(items)).toEqual(ids(data.slice(0, 10)));
		expect(server.calls).toHaveLength(2);
	});

	it('fails clearly, returning nothing, when the server ignores page but honours per_page (full pages repeat), also with a limit', async () => {
		const server = listServer(projects(400), { ignorePaging: true });

		const error = (await paginate(260).catch((caught: unknown) => caught)) as NodeOperationError;

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Aurora sent page 2 of the projects list with nothing that earlier pages did not hold, although the pages were full');
		expect(error.description).toContain('the rest of the list cannot be read, and nothing was returned');
		expect(error.description).toContain('set a Limit');
		expect(server.calls).toHaveLength(2);
	});

	it('still returns everything when the server caps pages below what was asked for', async () => {
		const data = projects(235);
		const server = listServer(data, { maxPerPage: 50 });

		const items = await paginate();

		expect(ids(items)).toEqual(ids(data));
		expect(server.calls.map((call) => call.page)).toEqual([1, 2, 3, 4, 5]);
		expect(server.calls.every((call) => call.perPage === 250)).toBe(true);
	});

	it('with a limit and a capped server, keeps reading until the limit is reached', async () => {
		const server = listServer(projects(100), { maxPerPage: 4 });

		const items = await paginate(10);

		expect(ids(items)).toEqual(ids(projects(10)));
		expect(server.calls).toEqual([
			{ page: 1, perPage: 10 },
			{ page: 2, perPage: 10 },
			{ page: 3, perPage: 10 },
		]);
	});

	it('reads a list sent as a bare array', async () => {
		const data = projects(3);
		listServer(data, { envelope: false });

		expect(ids(await paginate())).toEqual(ids(data));
	});

	it('counts an item that shows up on two pages once', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { projects: [{ id: 'c' }, { id: 'd' }, { id: 'e' }] })
			.get(PATH)
			.query({ page: '3', per_page: '250' })
			.reply(200, { projects: [] });

		const items = await paginate();

		expect(scope.isDone()).toBe(true);
		expect(ids(items)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('keeps distinct items without an id across pages (their content tells them apart)', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: [{ name: 'x' }, { name: 'y' }] })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { projects: [{ name: 'z' }, { name: 'x', status: 'Sold' }] })
			.get(PATH)
			.query({ page: '3', per_page: '250' })
			.reply(200, { projects: [] });

		const items = await paginate();

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ name: 'x' }, { name: 'y' }, { name: 'z' }, { name: 'x', status: 'Sold' }]);
	});

	it('counts an id-less item repeated on a later page once', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: [{ name: 'x' }, { name: 'y' }] })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { projects: [{ name: 'y' }, { name: 'z' }] })
			.get(PATH)
			.query({ page: '3', per_page: '250' })
			.reply(200, { projects: [] });

		const items = await paginate();

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ name: 'x' }, { name: 'y' }, { name: 'z' }]);
	});

	it('an id-less item is not mistaken for an item whose id looks like its content', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: [{ id: '{"name":"x"}' }, { name: 'x' }] })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { projects: [] });

		const items = await paginate();

		expect(scope.isDone()).toBe(true);
		expect(items).toEqual([{ id: '{"name":"x"}' }, { name: 'x' }]);
	});

	it('terminates after 2 requests without duplicates when the server ignores paging and its items have no id', async () => {
		const data = Array.from({ length: 40 }, (_, index) => ({ name: `Project ${index}`, status: 'Lead' }));
		const server = listServer(data, { ignorePaging: true, maxPerPage: 10 });

		const items = await paginate();

		expect(items).toEqual(data.slice(0, 10));
		expect(server.calls).toEqual([
			{ page: 1, perPage: 250 },
			{ page: 2, perPage: 250 },
		]);
	});

	it('also when it ignores page but honours per_page, with id-less items', async () => {
		const data = Array.from({ length: 300 }, (_, index) => ({ name: `Project ${index}` }));
		const server = listServer(data, { ignorePaging: true });

		const error = await paginate().catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('with nothing that earlier pages did not hold');
		expect(server.calls).toHaveLength(2);
	});

	it('returns a large tenant completely: 5 000 items over 100 capped pages, each once and in order', async () => {
		const data = projects(5000);
		const server = listServer(data, { maxPerPage: 50 });

		const items = await paginate();

		expect(ids(items)).toEqual(ids(data));
		expect(server.calls.map((call) => call.page)).toEqual(Array.from({ length: 101 }, (_, index) => index + 1));
	});

	it('fails clearly, returning nothing, when the pages never end (every page new and full)', async () => {
		const calls: number[] = [];
		nock(AURORA)
			.get(PATH)
			.query(true)
			.times(100)
			.reply((uri) => {
				const page = Number(new URL(uri, AURORA).searchParams.get('page'));
				calls.push(page);
				return [200, { projects: projects(3, page * 3) }];
			});
		const context = executeContext({ parameters: {} }) as IExecuteFunctions;

		const error = await auroraPaginate
			.call(context, { path: '/projects', key: 'projects', itemIndex: 0, maxPages: 20 })
			.catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe("Aurora's list of projects did not end after 20 pages");
		expect((error as NodeOperationError).description).toContain('nothing was returned rather than a part of it');
		expect(calls).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
	});

	it.each([422, 400])('falls back to per_page=100 when Aurora answers %i to per_page=250', async (status) => {
		const data = projects(230);
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(status, { error: 'per_page must be at most 100' });
		const server = listServer(data);

		const items = await paginate();

		expect(scope.isDone()).toBe(true);
		expect(ids(items)).toEqual(ids(data));
		expect(server.calls).toEqual([
			{ page: 1, perPage: 100 },
			{ page: 2, perPage: 100 },
			{ page: 3, perPage: 100 },
		]);
	});

	it('also falls back for a limit above 100', async () => {
		const scope = nock(AURORA).get(PATH).query({ page: '1', per_page: '150' }).reply(422, { error: 'per_page too large' });
		const server = listServer(projects(400));

		const items = await paginate(150);

		expect(scope.isDone()).toBe(true);
		expect(items).toHaveLength(150);
		expect(server.calls).toEqual([
			{ page: 1, perPage: 100 },
			{ page: 2, perPage: 100 },
		]);
	});

	it('a 422 that has nothing to do with the page size still fails, with Aurora’s message', async () => {
		const scope = nock(AURORA).get(PATH).query(true).twice().reply(422, { error: 'status filter is invalid' });

		const error = (await paginate().catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora could not process the request (422): status filter is invalid');
	});

	it('a 422 on a small page is not retried with another page size', async () => {
		const scope = nock(AURORA).get(PATH).query({ page: '1', per_page: '20' }).reply(422, { error: 'nope' });

		const error = (await paginate(20).catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe('Aurora could not process the request (422): nope');
	});

	it('a failure on a later page fails the whole list (no partial result passed off as complete)', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: projects(250) })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(404, '');

		const error = (await paginate().catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Projects was not found (404)');
	});

	it('a 200 body without a list is an error that says what is missing, not an empty result', async () => {
		const scope = nock(AURORA).get(PATH).query(true).reply(200, { project: { id: 'p-1' } });

		const error = (await paginate().catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no list of projects");
		expect(error.description).toContain('no "projects" object or array');
		expect(error.description).toContain('Custom base URL');
		expect(error.httpCode).toBeNull();
	});

	it.each([
		['an empty body', ''],
		['an empty object', {}],
		['a list under another key', { leads: [] }],
		['a single object', { id: 'p-1', name: 'Doe' }],
	])('%s on a 200 is "holds no list of projects" too, after one request', async (_case, body) => {
		const scope = nock(AURORA).get(PATH).query(true).reply(200, body as never);

		const error = (await paginate().catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no list of projects");
	});

	it('a list missing on a later page fails the whole list', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: projects(250) })
			.get(PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, {});

		const error = (await paginate().catch((caught: unknown) => caught)) as NodeApiError;

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe("Aurora's answer holds no list of projects");
	});

	describe('request counts', () => {
		const cases: Array<[number, number]> = [];
		for (const total of [0, 1, 9, 10, 11, 99, 100, 101, 250, 499, 500, 501]) {
			for (const cap of [10, 100, 250]) cases.push([total, cap]);
		}

		it.each(cases)('%i items, pages of %i: every item once, in at most ceil(N/P)+1 requests', async (total, cap) => {
			const data = projects(total);
			const server = listServer(data, { maxPerPage: cap });

			const items = await paginate();

			expect(ids(items)).toEqual(ids(data));
			expect(server.calls.length).toBeLessThanOrEqual(Math.ceil(total / cap) + 1);
		});
	});
});
