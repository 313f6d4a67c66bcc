import { NodeApiError } from 'n8n-workflow';

import { TENANT_PATH } from '../../support/contexts';
import { DESIGN_ID, PROJECT_ID, aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const DESIGN = {
	id: DESIGN_ID,
	name: 'Design 1',
	project_id: PROJECT_ID,
	milestone: { milestone: 'sold', updated_at: '2024-06-02T00:00:00Z' },
	system_size_stc: 7200,
	system_size_ac: 6000,
	created_at: '2024-06-01T10:00:00Z',
	arrays: [{ id: 'a-1' }],
};

const SIMPLE_DESIGN = {
	id: DESIGN_ID,
	name: 'Design 1',
	project_id: PROJECT_ID,
	milestone: 'sold',
	system_size_stc: 7200,
	system_size_ac: 6000,
	created_at: '2024-06-01T10:00:00Z',
};

/** Retrieve Design Summary, as Aurora documents it. */
const SUMMARY = {
	design_id: DESIGN_ID,
	external_provider_id: 'crm-42',
	project_id: PROJECT_ID,
	bill_of_materials: [{ id: 'c-1', name: 'REC 400AA', component_type: 'module', quantity: 18 }],
	system_size_ac: 6000,
	arrays: [],
};

const PRICING = { system_price: 21600, price_per_watt: 3, incentives: [], adders: [{ name: 'Trenching', price: 500 }] };

describe('Design → Get', () => {
	it('GETs /designs/{id} (no project needed) and returns the simplified design', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}`).reply(200, { design: DESIGN });

		const { output } = await runNode({
			parameters: { resource: 'design', operation: 'get', projectId: byId(''), designId: byId(DESIGN_ID), simplify: true },
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SIMPLE_DESIGN, pairedItem: { item: 0 } }]);
	});

	it('returns the raw design with Simplify off, from a bare body', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}`).reply(200, DESIGN);

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: false } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: DESIGN, pairedItem: { item: 0 } }]);
	});

	it('simplifies a design that names its id design_id and its milestone as a plain string', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/designs/${DESIGN_ID}`)
			.reply(200, { design: { design_id: DESIGN_ID, milestone: 'proposal', system_size: 5000 } });

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({
			id: DESIGN_ID,
			name: null,
			project_id: null,
			milestone: 'proposal',
			system_size_stc: 5000,
			system_size_ac: null,
			created_at: null,
		});
	});
});

describe('Design → Get: an empty answer', () => {
	it('an empty 200 fails clearly after one request, instead of returning a blank design', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}`).reply(200, '');
		let count = 0;
		scope.on('request', () => count++);

		const error = await runNodeFailure({ parameters: { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(count).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no design");
		expect(error.description).toContain('The response succeeded but had no "design" object or array in it.');
		expect(error.httpCode).toBeNull();
		expect(error.context?.itemIndex).toBe(0);
	});

	it.each([
		['an empty body', ''],
		['{}', {}],
		['{"design": {}}', { design: {} }],
	])('under continueOnFail, %s becomes an error item paired with its input', async (_case, body) => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}`).reply(200, body as never);

		const { output } = await runNode({ continueOnFail: true, parameters: { resource: 'design', operation: 'get', designId: byId(DESIGN_ID), simplify: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { error: "Aurora's answer holds no design", description: expect.stringContaining('"design"') },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Design → Get Many', () => {
	it("with Return All, GETs /projects/{project}/designs page by page and simplifies each design", async () => {
		const second = { ...DESIGN, id: 'd-2', name: 'Design 2', milestone: { milestone: 'proposal' } };
		const scope = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '1', per_page: '250' })
			.reply(200, { designs: [DESIGN, second] })
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '2', per_page: '250' })
			.reply(200, { designs: [] });

		const { output } = await runNode({
			parameters: { resource: 'design', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: true, simplify: true },
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: SIMPLE_DESIGN, pairedItem: { item: 0 } },
			{ json: { ...SIMPLE_DESIGN, id: 'd-2', name: 'Design 2', milestone: 'proposal' }, pairedItem: { item: 0 } },
		]);
	});

	it('with a Limit, asks for per_page = limit, accepts a bare array and returns raw designs', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '1', per_page: '1' })
			.reply(200, [DESIGN]);

		const { output } = await runNode({
			parameters: { resource: 'design', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: false, limit: 1, simplify: false },
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: DESIGN, pairedItem: { item: 0 } }]);
	});

	it('lists the designs of each input item’s own project, each paired with its item', async () => {
		const otherProject = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
		const scope = aurora()
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '1', per_page: '5' })
			.reply(200, { designs: [DESIGN, { ...DESIGN, id: 'd-2' }] })
			.get(`${TENANT_PATH}/projects/${PROJECT_ID}/designs`)
			.query({ page: '2', per_page: '5' })
			.reply(200, { designs: [] })
			.get(`${TENANT_PATH}/projects/${otherProject}/designs`)
			.query({ page: '1', per_page: '5' })
			.reply(200, { designs: [{ ...DESIGN, id: 'd-3', project_id: otherProject }] })
			.get(`${TENANT_PATH}/projects/${otherProject}/designs`)
			.query({ page: '2', per_page: '5' })
			.reply(200, { designs: [] });

		const { output } = await runNode({
			parameters: [
				{ resource: 'design', operation: 'getAll', projectId: byId(PROJECT_ID), returnAll: false, limit: 5, simplify: true },
				{ resource: 'design', operation: 'getAll', projectId: byId(otherProject), returnAll: false, limit: 5, simplify: true },
			],
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.id, item.json.project_id, item.pairedItem])).toEqual([
			[DESIGN_ID, PROJECT_ID, { item: 0 }],
			['d-2', PROJECT_ID, { item: 0 }],
			['d-3', otherProject, { item: 1 }],
		]);
	});
});

describe('Design → Get Summary', () => {
	it('GETs /designs/{id}/summary and unwraps {"design": {...}}', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}/summary`).reply(200, { design: SUMMARY });

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'getSummary', designId: byId(DESIGN_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: SUMMARY, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare summary', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}/summary`).reply(200, SUMMARY);

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'getSummary', designId: byId(DESIGN_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(SUMMARY);
	});
});

describe('Design → Get Pricing', () => {
	it('GETs /designs/{id}/pricing and unwraps {"pricing": {...}}', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}/pricing`).reply(200, { pricing: PRICING });

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'getPricing', designId: byId(DESIGN_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: PRICING, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare pricing object', async () => {
		const scope = aurora().get(`${TENANT_PATH}/designs/${DESIGN_ID}/pricing`).reply(200, PRICING);

		const { output } = await runNode({ parameters: { resource: 'design', operation: 'getPricing', designId: byId(DESIGN_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(PRICING);
	});
});
