import { NodeApiError } from 'n8n-workflow';

import { TENANT_PATH } from '../../support/contexts';
import { LEAD_ID, LEAD_ID_2, PROJECT_ID, aurora, byId, recordBodies, runNode, runNodeFailure, useNock } from './run-node';

useNock();

/** Aurora's Retrieve Lead example (docs tutorial), bare, as the docs show it. */
const LEAD = {
	id: LEAD_ID,
	address: '434 Brannan St, San Francisco, CA, 94107',
	project_id: null,
	latitude: 37.77960043,
	longitude: -122.39530086,
	customer: {
		customer_address: '434 Brannan St, San Francisco, CA, USA',
		customer_email: 'jane@example.com',
		customer_first_name: 'Jane',
		customer_last_name: 'Doe',
		customer_phone: '(555) 111-5151',
	},
	monthly_average_bill: 180,
	system_size_stc: 7.2,
	annual_production: 9800,
	created_at: '2024-06-01T10:00:00Z',
};

const SIMPLE_LEAD = {
	id: LEAD_ID,
	first_name: 'Jane',
	last_name: 'Doe',
	email: 'jane@example.com',
	phone: '(555) 111-5151',
	address: '434 Brannan St, San Francisco, CA, 94107',
	latitude: 37.77960043,
	longitude: -122.39530086,
	monthly_average_bill: 180,
	system_size_stc: 7.2,
	project_id: null,
	created_at: '2024-06-01T10:00:00Z',
};

function lead(id: string, first: string) {
	return { ...LEAD, id, customer: { ...LEAD.customer, customer_first_name: first } };
}

describe('Lead → Get', () => {
	it('GETs /tenants/{tenant}/leads/{id} with the bearer token and returns the simplified lead (bare body)', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, LEAD);

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SIMPLE_LEAD, pairedItem: { item: 0 } }]);
	});

	it('accepts the {"lead": {...}} envelope and returns the raw lead when Simplify is off', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { lead: LEAD });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: LEAD, pairedItem: { item: 0 } }]);
	});

	it('simplifies an enveloped lead the same way as a bare one', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { lead: LEAD });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(SIMPLE_LEAD);
	});

	it('simplified output has every key, null where Aurora sent nothing', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { id: LEAD_ID });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({
			id: LEAD_ID,
			first_name: null,
			last_name: null,
			email: null,
			phone: null,
			address: null,
			latitude: null,
			longitude: null,
			monthly_average_bill: null,
			system_size_stc: null,
			project_id: null,
			created_at: null,
		});
	});

	it('trims an ID pasted with whitespace before putting it in the path', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, LEAD);

		await runNode({ parameters: { resource: 'lead', operation: 'get', leadId: byId(`  ${LEAD_ID}\n`), simplify: false } });

		expect(scope.isDone()).toBe(true);
	});
});

describe('Lead → Get: an empty answer', () => {
	it('an empty 200 fails clearly after one request, instead of returning a blank lead', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, '');
		let count = 0;
		scope.on('request', () => count++);

		const error = await runNodeFailure({ parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(count).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no lead");
		expect(error.description).toContain('The response succeeded but had no "lead" object or array in it.');
		expect(error.httpCode).toBeNull();
		expect(error.context?.itemIndex).toBe(0);
	});

	it.each([
		['an empty body', ''],
		['{}', {}],
		['{"lead": {}}', { lead: {} }],
	])('under continueOnFail, %s becomes an error item paired with its input', async (_case, body) => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, body as never);

		const { output } = await runNode({ continueOnFail: true, parameters: { resource: 'lead', operation: 'get', leadId: byId(LEAD_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { error: "Aurora's answer holds no lead", description: expect.stringContaining('"lead"') },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Lead → Get Many', () => {
	it('with Return All, pages through {"leads": [...]} with page/per_page and returns every lead simplified', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '1', per_page: '250' })
			.reply(200, { leads: [lead(LEAD_ID, 'Jane'), lead(LEAD_ID_2, 'John')] })
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '2', per_page: '250' })
			.reply(200, { leads: [] });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.id, item.json.first_name])).toEqual([
			[LEAD_ID, 'Jane'],
			[LEAD_ID_2, 'John'],
		]);
		expect(output[0].json).toEqual(SIMPLE_LEAD);
		expect(output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('with a Limit, asks for per_page = limit, accepts a bare array and returns raw leads when Simplify is off', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '1', per_page: '2' })
			.reply(200, [lead(LEAD_ID, 'Jane'), lead(LEAD_ID_2, 'John')]);

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 2, simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([lead(LEAD_ID, 'Jane'), lead(LEAD_ID_2, 'John')]);
	});

	it('returns nothing (and no error) when the tenant has no leads', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads`).query({ page: '1', per_page: '50' }).reply(200, { leads: [] });

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 50, simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});

	it('pairs every lead with the input item it was listed for (two inputs, several leads each)', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/leads`)
			.query({ page: '1', per_page: '2' })
			.twice()
			.reply(200, { leads: [lead(LEAD_ID, 'Jane'), lead(LEAD_ID_2, 'John')] });

		const { output } = await runNode({
			parameters: { resource: 'lead', operation: 'getAll', returnAll: false, limit: 2, simplify: true },
			items: [{ json: { row: 1 } }, { json: { row: 2 } }],
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.first_name, item.pairedItem])).toEqual([
			['Jane', { item: 0 }],
			['John', { item: 0 }],
			['Jane', { item: 1 }],
			['John', { item: 1 }],
		]);
	});
});

describe('Lead → Convert to Project', () => {
	const PROJECT = { id: PROJECT_ID, name: 'Jane Doe', customer_first_name: 'Jane', status: 'Remote Assessment Completed' };

	it('POSTs /leads/{id}/convert with no body when no Project Fields are set, and returns the new project', async () => {
		const scope = aurora().post(`${TENANT_PATH}/leads/${LEAD_ID}/convert`).reply(200, { project: PROJECT });
		const bodies = recordBodies(scope);

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'convert', leadId: byId(LEAD_ID), projectFields: {} } });

		expect(scope.isDone()).toBe(true);
		expect(bodies).toEqual(['']);
		expect(output).toEqual([{ json: PROJECT, pairedItem: { item: 0 } }]);
	});

	it('sends Project Fields in the {"project": {...}} envelope, leaving out fields left blank', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/leads/${LEAD_ID}/convert`, {
				project: { name: 'Doe residence', customer_email: 'jane@example.com', project_type: 'residential' },
			})
			.matchHeader('content-type', /application\/json/)
			.reply(201, { project: PROJECT });

		const { output } = await runNode({
			parameters: {
				resource: 'lead',
				operation: 'convert',
				leadId: byId(LEAD_ID),
				projectFields: { name: 'Doe residence', customer_email: 'jane@example.com', customer_phone: '', project_type: 'residential' },
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT);
	});

	it('accepts a bare project in the answer', async () => {
		const scope = aurora().post(`${TENANT_PATH}/leads/${LEAD_ID}/convert`).reply(200, PROJECT);

		const { output } = await runNode({ parameters: { resource: 'lead', operation: 'convert', leadId: byId(LEAD_ID), projectFields: {} } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PROJECT);
	});
});

