/**
 * User → Get / Get Many (the tenant's users, optionally of one partner organisation) and Tenant → Get
 * (the tenant itself, at `/tenants/{tenant_id}` with nothing after it).
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { AURORA, TENANT, TENANT_PATH } from '../../support/contexts';
import { aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const USER_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const USER_ID_2 = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
const PARTNER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

const USER = {
	id: USER_ID,
	first_name: 'Marco',
	last_name: 'Reyes',
	email: 'marco.reyes@example.com',
	phone: '(415) 555-0151',
	account_status: 'active',
	role_id: 'role-sales',
	team_ids: ['team-sales'],
	partner_ids: [PARTNER_ID],
};
const SIMPLE_USER = {
	id: USER_ID,
	first_name: 'Marco',
	last_name: 'Reyes',
	email: 'marco.reyes@example.com',
	phone: '(415) 555-0151',
	account_status: 'active',
	role_id: 'role-sales',
	partner_ids: [PARTNER_ID],
};
/** A user with only an id: every other simplified field is null, and partner_ids is empty. */
const BARE_USER = { id: USER_ID_2 };
const SIMPLE_BARE_USER = {
	id: USER_ID_2,
	first_name: null,
	last_name: null,
	email: null,
	phone: null,
	account_status: null,
	role_id: null,
	partner_ids: [],
};

describe('User → Get', () => {
	it('GETs /users/{id} and returns the simplified user', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users/${USER_ID}`).reply(200, { user: USER });

		const { output, requests } = await runNode({ parameters: { resource: 'user', operation: 'get', userId: byId(USER_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => [request.method, request.url, request.qs])).toEqual([['GET', `${AURORA}${TENANT_PATH}/users/${USER_ID}`, undefined]]);
		expect(output).toEqual([{ json: SIMPLE_USER, pairedItem: { item: 0 } }]);
	});

	it('returns the raw user with Simplify off, from a bare body', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users/${USER_ID}`).reply(200, USER);

		const { output } = await runNode({ parameters: { resource: 'user', operation: 'get', userId: byId(USER_ID), simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: USER, pairedItem: { item: 0 } }]);
	});

	it('fills what Aurora did not send with null (and partner_ids with [])', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users/${USER_ID_2}`).reply(200, { user: BARE_USER });

		const { output } = await runNode({ parameters: { resource: 'user', operation: 'get', userId: byId(USER_ID_2), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(SIMPLE_BARE_USER);
	});

	it('a user that does not exist fails with a 404 naming the user', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users/${USER_ID}`).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters: { resource: 'user', operation: 'get', userId: byId(USER_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`User "${USER_ID}" was not found (404)`);
	});

	it('an id that is not an Aurora ID fails before any request', async () => {
		const error = await runNodeFailure({ parameters: { resource: 'user', operation: 'get', userId: byId('../webhooks'), simplify: true } });

		expect(error.requests).toEqual([]);
		expect(error.message).toBe('The User ID "../webhooks" is not an Aurora ID');
	});
});

describe('User → Get Many', () => {
	function parameters(extra: IDataObject): IDataObject {
		return { resource: 'user', operation: 'getAll', returnAll: true, filters: {}, simplify: true, ...extra };
	}

	it('with Return All and no filter, GETs /users with only page and per_page, and simplifies each user', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/users`)
			.query({ page: '1', per_page: '250' })
			.reply(200, { users: [USER, BARE_USER] })
			.get(`${TENANT_PATH}/users`)
			.query({ page: '2', per_page: '250' })
			.reply(200, { users: [] });

		const { output, requests } = await runNode({ parameters: parameters({}) });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => request.qs)).toEqual([
			{ page: 1, per_page: 250 },
			{ page: 2, per_page: 250 },
		]);
		expect(output).toEqual([
			{ json: SIMPLE_USER, pairedItem: { item: 0 } },
			{ json: SIMPLE_BARE_USER, pairedItem: { item: 0 } },
		]);
	});

	it('a Partner ID filter is sent as the query parameter partner_id, trimmed', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/users`)
			.query({ partner_id: PARTNER_ID, page: '1', per_page: '250' })
			.reply(200, { users: [USER] })
			.get(`${TENANT_PATH}/users`)
			.query({ partner_id: PARTNER_ID, page: '2', per_page: '250' })
			.reply(200, { users: [] });

		const { output, requests } = await runNode({ parameters: parameters({ filters: { partnerId: `  ${PARTNER_ID} ` } }) });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => request.qs)).toEqual([
			{ partner_id: PARTNER_ID, page: 1, per_page: 250 },
			{ partner_id: PARTNER_ID, page: 2, per_page: 250 },
		]);
		expect(output).toEqual([{ json: SIMPLE_USER, pairedItem: { item: 0 } }]);
	});

	it.each([
		['an empty Partner ID', { partnerId: '' }],
		['a Partner ID of spaces', { partnerId: '   ' }],
		['no Filters parameter at all', undefined],
	])('%s sends no partner_id', async (_case, filters) => {
		const scope = aurora().get(`${TENANT_PATH}/users`).query({ page: '1', per_page: '5' }).reply(200, { users: [USER] }).get(`${TENANT_PATH}/users`).query({ page: '2', per_page: '5' }).reply(200, { users: [] });
		const base = parameters({ returnAll: false, limit: 5 });
		if (filters === undefined) delete base.filters;
		else base.filters = filters;

		const { output, requests } = await runNode({ parameters: base });

		expect(scope.isDone()).toBe(true);
		expect(requests.every((request) => !('partner_id' in (request.qs ?? {})))).toBe(true);
		expect(output).toHaveLength(1);
	});

	it('with a Limit and Simplify off, asks for per_page = limit and returns raw users', async () => {
		const scope = aurora().get(`${TENANT_PATH}/users`).query({ page: '1', per_page: '1' }).reply(200, [USER]);

		const { output } = await runNode({ parameters: parameters({ returnAll: false, limit: 1, simplify: false }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: USER, pairedItem: { item: 0 } }]);
	});
});

const TENANT_OBJECT = { id: TENANT, name: 'Sunny Roofs Inc.', created_at: '2021-03-04T05:06:07Z' };

describe('Tenant → Get', () => {
	it('GETs exactly /tenants/{tenant_id}, nothing after it, and unwraps {"tenant": {...}}', async () => {
		const scope = aurora().get(TENANT_PATH).reply(200, { tenant: TENANT_OBJECT });

		const { output, requests } = await runNode({ parameters: { resource: 'tenant', operation: 'get' } });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => [request.method, request.url, request.qs, request.body])).toEqual([
			['GET', `${AURORA}${TENANT_PATH}`, undefined, undefined],
		]);
		expect(output).toEqual([{ json: TENANT_OBJECT, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare tenant object (unwrapOne keeps a body without a "tenant" object as it is)', async () => {
		const scope = aurora().get(TENANT_PATH).reply(200, TENANT_OBJECT);

		const { output } = await runNode({ parameters: { resource: 'tenant', operation: 'get' } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: TENANT_OBJECT, pairedItem: { item: 0 } }]);
	});

	it.each([
		['an empty body', ''],
		['{}', {}],
		['{"tenant": null}', { tenant: null }],
	])('%s fails clearly instead of outputting a blank tenant', async (_case, body) => {
		const scope = aurora().get(TENANT_PATH).reply(200, body as never);

		const error = await runNodeFailure({ parameters: { resource: 'tenant', operation: 'get' } });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe("Aurora's answer holds no tenant");
	});

	it('one request per input item, each paired with its item', async () => {
		const scope = aurora().get(TENANT_PATH).times(2).reply(200, { tenant: TENANT_OBJECT });

		const { output } = await runNode({ parameters: [{ resource: 'tenant', operation: 'get' }, { resource: 'tenant', operation: 'get' }] });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: TENANT_OBJECT, pairedItem: { item: 0 } },
			{ json: TENANT_OBJECT, pairedItem: { item: 1 } },
		]);
	});

	it('a 404 names the tenant', async () => {
		const scope = aurora().get(TENANT_PATH).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters: { resource: 'tenant', operation: 'get' } });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe('The tenant was not found (404)');
	});
});
