import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AURORA, TENANT_PATH } from '../../support/contexts';
import { PROJECT_ID, aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const PROJECT_ID_2 = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

/** A project as API version 2024.05 shapes it: property_address and a location object. */
const PROJECT_2024 = {
	id: PROJECT_ID,
	name: 'Doe residence',
	status: 'Sold',
	customer_first_name: 'Jane',
	customer_last_name: 'Doe',
	customer_email: 'jane@example.com',
	customer_phone: '(555) 111-5151',
	mailing_address: 'PO Box 1, San Francisco, CA',
	location: { property_address: '434 Brannan St, San Francisco, CA 94107', latitude: 37.7796, longitude: -122.3953 },
	external_provider_id: 'crm-42',
	owner_id: 'u-1',
	project_type: 'residential',
	created_at: '2024-06-01T10:00:00Z',
};

const SIMPLE_2024 = {
	id: PROJECT_ID,
	name: 'Doe residence',
	status: 'Sold',
	customer_first_name: 'Jane',
	customer_last_name: 'Doe',
	customer_email: 'jane@example.com',
	customer_phone: '(555) 111-5151',
	property_address: '434 Brannan St, San Francisco, CA 94107',
	latitude: 37.7796,
	longitude: -122.3953,
	external_provider_id: 'crm-42',
	owner_id: 'u-1',
	created_at: '2024-06-01T10:00:00Z',
};

/** The same project as API version 2022.09 shapes it: flat address/latitude/longitude. */
const PROJECT_2022 = {
	id: PROJECT_ID,
	name: 'Doe residence',
	customer_first_name: 'Jane',
	customer_last_name: 'Doe',
	customer_address: 'PO Box 1, San Francisco, CA',
	address: '434 Brannan St, San Francisco, CA 94107',
	latitude: 37.7796,
	longitude: -122.3953,
	project_type: 'residential',
};

describe('Project → Create', () => {
	it('POSTs /projects with {"project": {"address": …, …}} and returns the simplified project', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/projects`, {
				project: { address: '434 Brannan St, San Francisco, CA 94107', name: 'Doe residence', customer_first_name: 'Jane' },
			})
			.matchHeader('content-type', /application\/json/)
			.reply(201, { project: PROJECT_2024 });

		const { output } = await runNode({
			parameters: {
				resource: 'project',
				operation: 'create',
				address: '  434 Brannan St, San Francisco, CA 94107 ',
				additionalFields: { name: 'Doe residence', customer_first_name: 'Jane', customer_email: '' },
				simplify: true,
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SIMPLE_2024, pairedItem: { item: 0 } }]);
	});

	it('places a project by latitude and longitude when Address is empty, and returns it raw with Simplify off', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/projects`, { project: { latitude: 37.7796, longitude: -122.3953 } })
			.reply(201, { project: PROJECT_2024 });

		const { output } = await runNode({
			parameters: {
				resource: 'project',
				operation: 'create',
				address: '',
				additionalFields: { latitude: 37.7796, longitude: -122.3953 },
				simplify: false,
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: PROJECT_2024, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare project in the answer', async () => {
		const scope = aurora().post(`${TENANT_PATH}/projects`).reply(201, PROJECT_2022);

		const { output } = await runNode({
			parameters: { resource: 'project', operation: 'create', address: '434 Brannan St', additionalFields: {}, simplify: false },
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT_2022);
	});

	it.each([
		['no address and no location', { address: '', additionalFields: {} }],
		['an address of only spaces', { address: '   ', additionalFields: {} }],
		['a latitude without a longitude', { address: '', additionalFields: { latitude: 37.7 } }],
		['a longitude without a latitude', { address: '', additionalFields: { longitude: -122.3 } }],
	])('refuses %s with a clear message and sends nothing', async (_case, parameters) => {
		const scope = nock(AURORA).post(/.*/).reply(201, {});

		const error = await runNodeFailure({ parameters: { resource: 'project', operation: 'create', simplify: true, ...parameters } });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('A project needs an Address, or a Latitude and a Longitude');
		expect(error.description).toBe('Fill in Address, or add both Latitude and Longitude under Additional Fields.');
		expect(error.requests).toHaveLength(0);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Project → Get', () => {
	it('GETs /projects/{id} and simplifies a 2024.05 project (location object)', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(200, { project: PROJECT_2024 });

		const { output } = await runNode({ parameters: { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SIMPLE_2024, pairedItem: { item: 0 } }]);
	});

	it('simplifies a bare 2022.09 project (flat address, latitude, longitude)', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(200, PROJECT_2022);

		const { output } = await runNode({ parameters: { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({
			id: PROJECT_ID,
			name: 'Doe residence',
			status: null,
			customer_first_name: 'Jane',
			customer_last_name: 'Doe',
			customer_email: null,
			customer_phone: null,
			property_address: '434 Brannan St, San Francisco, CA 94107',
			latitude: 37.7796,
			longitude: -122.3953,
			external_provider_id: null,
			owner_id: null,
			created_at: null,
		});
	});

	it('returns the raw project with Simplify off', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(200, { project: PROJECT_2024 });

		const { output } = await runNode({ parameters: { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT_2024);
	});
});

describe('Project → Get: an empty answer', () => {
	it('an empty 200 fails clearly after one request, instead of returning a blank project', async () => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(200, '');
		let count = 0;
		scope.on('request', () => count++);

		const error = await runNodeFailure({ parameters: { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(count).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no project");
		expect(error.description).toContain('The response succeeded but had no "project" object or array in it.');
		expect(error.httpCode).toBeNull();
		expect(error.context?.itemIndex).toBe(0);
	});

	it.each([
		['an empty body', ''],
		['{}', {}],
		['{"project": {}}', { project: {} }],
	])('under continueOnFail, %s becomes an error item paired with its input', async (_case, body) => {
		const scope = aurora().get(`${TENANT_PATH}/projects/${PROJECT_ID}`).reply(200, body as never);

		const { output } = await runNode({ continueOnFail: true, parameters: { resource: 'project', operation: 'get', projectId: byId(PROJECT_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { error: "Aurora's answer holds no project", description: expect.stringContaining('"project"') },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Project → Get Many', () => {
	it('with Return All, reads {"projects": [...]} page by page and returns them all simplified', async () => {
		const page1 = Array.from({ length: 3 }, (_, index) => ({ ...PROJECT_2024, id: `p-${index}` }));
		const scope = aurora()
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '1', per_page: '250' })
			.reply(200, { projects: page1 })
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '2', per_page: '250' })
			.reply(200, { projects: [{ ...PROJECT_2024, id: PROJECT_ID_2 }] });

		const { output } = await runNode({ parameters: { resource: 'project', operation: 'getAll', returnAll: true, simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual(['p-0', 'p-1', 'p-2', PROJECT_ID_2]);
		expect(output[0].json).toEqual({ ...SIMPLE_2024, id: 'p-0' });
		expect(output.map((item) => item.pairedItem)).toEqual(Array(4).fill({ item: 0 }));
	});

	it('with a Limit, sends per_page = limit and stops after the first page; bare arrays and raw output work', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/projects`)
			.query({ page: '1', per_page: '1' })
			.reply(200, [PROJECT_2022]);

		const { output } = await runNode({ parameters: { resource: 'project', operation: 'getAll', returnAll: false, limit: 1, simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: PROJECT_2022, pairedItem: { item: 0 } }]);
	});
});

describe('Project → Update', () => {
	it('PUTs /projects/{id} with only the filled-in fields in {"project": {...}} and returns the simplified project', async () => {
		const scope = aurora()
			.put(`${TENANT_PATH}/projects/${PROJECT_ID}`, { project: { status: 'Sold', customer_phone: '(555) 222-0000' } })
			.matchHeader('content-type', /application\/json/)
			.reply(200, { project: PROJECT_2024 });

		const { output } = await runNode({
			parameters: {
				resource: 'project',
				operation: 'update',
				projectId: byId(PROJECT_ID),
				updateFields: { status: 'Sold', customer_phone: '(555) 222-0000', name: '' },
				simplify: true,
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SIMPLE_2024, pairedItem: { item: 0 } }]);
	});

	it('returns the raw project with Simplify off', async () => {
		const scope = aurora()
			.put(`${TENANT_PATH}/projects/${PROJECT_ID}`, { project: { address: '1 Main St' } })
			.reply(200, PROJECT_2022);

		const { output } = await runNode({
			parameters: { resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields: { address: '1 Main St' }, simplify: false },
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT_2022);
	});

	it.each([
		['no fields', {}],
		['only blank fields', { name: '', status: '' }],
	])('refuses an update with %s and sends nothing', async (_case, updateFields) => {
		const scope = nock(AURORA).put(/.*/).reply(200, {});

		const error = await runNodeFailure({
			parameters: { resource: 'project', operation: 'update', projectId: byId(PROJECT_ID), updateFields, simplify: true },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Nothing to update');
		expect(error.description).toBe('Add at least one field under Update Fields.');
		expect(error.requests).toHaveLength(0);
		expect(scope.isDone()).toBe(false);
	});
});
