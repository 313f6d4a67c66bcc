/**
 * Design → Get Assets (a design's files, a paged list) and Design → Get Roof Summary (its roof faces
 * and the modules on each; API 2024.05 renamed `panels` to `modules`, and both are read).
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { TENANT_PATH } from '../../support/contexts';
import { DESIGN_ID, PROJECT_ID, aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const ASSETS_PATH = `${TENANT_PATH}/designs/${DESIGN_ID}/assets`;
const ROOF_PATH = `${TENANT_PATH}/designs/${DESIGN_ID}/roof_summary`;

const ASSETS: IDataObject[] = [
	{ id: 'asset-1', design_id: DESIGN_ID, asset_type: 'layout_pdf', url: 'https://files.example.com/1.pdf', created_at: '2024-06-01T10:00:00Z' },
	{ id: 'asset-2', design_id: DESIGN_ID, asset_type: 'dxf', url: 'https://files.example.com/2.dxf', created_at: '2024-06-01T10:01:00Z' },
	{ id: 'asset-3', design_id: DESIGN_ID, asset_type: 'screenshot', url: null, created_at: null },
];

function assetParameters(extra: IDataObject): IDataObject {
	return { resource: 'design', operation: 'getAssets', projectId: byId(PROJECT_ID), designId: byId(DESIGN_ID), ...extra };
}

describe('Design → Get Assets', () => {
	it('with Return All, GETs /designs/{id}/assets page by page and outputs each asset as it is', async () => {
		const scope = aurora()
			.get(ASSETS_PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { assets: ASSETS.slice(0, 2) })
			.get(ASSETS_PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { assets: ASSETS.slice(2) });

		const { output } = await runNode({ parameters: assetParameters({ returnAll: true }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual(ASSETS.map((asset) => ({ json: asset, pairedItem: { item: 0 } })));
	});

	it('with Return All, an empty page ends the list', async () => {
		const scope = aurora()
			.get(ASSETS_PATH)
			.query({ page: '1', per_page: '250' })
			.reply(200, { assets: ASSETS })
			.get(ASSETS_PATH)
			.query({ page: '2', per_page: '250' })
			.reply(200, { assets: [] });

		const { output } = await runNode({ parameters: assetParameters({ returnAll: true }) });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual(['asset-1', 'asset-2', 'asset-3']);
	});

	it('with a Limit, asks for per_page = limit and stops there; a bare array is accepted', async () => {
		const scope = aurora().get(ASSETS_PATH).query({ page: '1', per_page: '2' }).reply(200, ASSETS.slice(0, 2));

		const { output } = await runNode({ parameters: assetParameters({ returnAll: false, limit: 2 }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual(ASSETS.slice(0, 2).map((asset) => ({ json: asset, pairedItem: { item: 0 } })));
	});

	it('with a Limit larger than the list, reads until a page comes back empty', async () => {
		const scope = aurora()
			.get(ASSETS_PATH)
			.query({ page: '1', per_page: '10' })
			.reply(200, { assets: ASSETS })
			.get(ASSETS_PATH)
			.query({ page: '2', per_page: '10' })
			.reply(200, { assets: [] });

		const { output } = await runNode({ parameters: assetParameters({ returnAll: false, limit: 10 }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(3);
	});

	it('a design without assets gives no items', async () => {
		const scope = aurora().get(ASSETS_PATH).query({ page: '1', per_page: '250' }).reply(200, { assets: [] });

		const { output } = await runNode({ parameters: assetParameters({ returnAll: true }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});

	it('a design that does not exist fails with a 404 naming the design', async () => {
		const scope = aurora().get(ASSETS_PATH).query(true).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters: assetParameters({ returnAll: true }) });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Design "${DESIGN_ID}" was not found (404)`);
	});

	it('needs no project: the design ID alone is enough', async () => {
		const scope = aurora().get(ASSETS_PATH).query({ page: '1', per_page: '1' }).reply(200, { assets: ASSETS.slice(0, 1) });

		const { output } = await runNode({ parameters: { ...assetParameters({ returnAll: false, limit: 1 }), projectId: byId('') } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: ASSETS[0], pairedItem: { item: 0 } }]);
	});
});

const solarModule = (id: string): IDataObject => ({ id, component_id: 'rec-400' });

/** The same roofs as each API generation sends them. */
function roofs(modulesKey: 'modules' | 'panels'): IDataObject[] {
	return [
		{ id: 'roof-1', pitch: 26.6, azimuth: 180, area: 42.5, [modulesKey]: [solarModule('m-1'), solarModule('m-2'), solarModule('m-3')] },
		{ id: 'roof-2', pitch: 0, azimuth: 90, area: 12, [modulesKey]: [solarModule('m-4')] },
		{ id: 'roof-3', pitch: 45, azimuth: 270, area: 8.25, [modulesKey]: [] },
	];
}

const SIMPLE_ROOF_SUMMARY = {
	design_id: DESIGN_ID,
	roof_count: 3,
	module_count: 4,
	roofs: [
		{ id: 'roof-1', pitch: 26.6, azimuth: 180, area: 42.5, module_count: 3 },
		{ id: 'roof-2', pitch: 0, azimuth: 90, area: 12, module_count: 1 },
		{ id: 'roof-3', pitch: 45, azimuth: 270, area: 8.25, module_count: 0 },
	],
};

function roofParameters(extra: IDataObject = {}): IDataObject {
	return { resource: 'design', operation: 'getRoofSummary', projectId: byId(''), designId: byId(DESIGN_ID), ...extra };
}

describe('Design → Get Roof Summary', () => {
	it.each([
		['2024.05 and later (modules)', 'modules' as const],
		['before 2024.05 (panels)', 'panels' as const],
	])('API %s: GETs /designs/{id}/roof_summary and simplifies it', async (_generation, key) => {
		const scope = aurora()
			.get(ROOF_PATH)
			.reply(200, { roof_summary: { design_id: DESIGN_ID, roofs: roofs(key) } });

		const { output, requests } = await runNode({ parameters: roofParameters({ simplify: true }) });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => [request.method, request.url])).toEqual([['GET', `http://aurora.test${ROOF_PATH}`]]);
		expect(output).toEqual([{ json: SIMPLE_ROOF_SUMMARY, pairedItem: { item: 0 } }]);
	});

	it('Simplify is on by default', async () => {
		const scope = aurora()
			.get(ROOF_PATH)
			.reply(200, { roof_summary: { design_id: DESIGN_ID, roofs: roofs('modules') } });

		const { output } = await runNode({ parameters: roofParameters() });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(SIMPLE_ROOF_SUMMARY);
	});

	it.each([['modules' as const], ['panels' as const]])('with Simplify off, the roof summary as Aurora sent it (%s)', async (key) => {
		const summary = { design_id: DESIGN_ID, roofs: roofs(key), units: 'metric' };
		const scope = aurora().get(ROOF_PATH).reply(200, { roof_summary: summary });

		const { output } = await runNode({ parameters: roofParameters({ simplify: false }) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: summary, pairedItem: { item: 0 } }]);
	});

	it('a bare roof summary is accepted', async () => {
		const scope = aurora().get(ROOF_PATH).reply(200, { design_id: DESIGN_ID, roofs: roofs('panels') });

		const { output } = await runNode({ parameters: roofParameters({ simplify: true }) });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(SIMPLE_ROOF_SUMMARY);
	});

	it('fields Aurora did not send are null, roofs without modules count 0, and entries that are not roofs are left out', async () => {
		const scope = aurora()
			.get(ROOF_PATH)
			.reply(200, { roof_summary: { roofs: [{ id: 'roof-1' }, 'not a roof', { pitch: 10, modules: [solarModule('m-1'), 'not a module'] }] } });

		const { output } = await runNode({ parameters: roofParameters({ simplify: true }) });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({
			design_id: null,
			roof_count: 2,
			module_count: 1,
			roofs: [
				{ id: 'roof-1', pitch: null, azimuth: null, area: null, module_count: 0 },
				{ id: null, pitch: 10, azimuth: null, area: null, module_count: 1 },
			],
		});
	});

	it('a design that does not exist fails with a 404 naming the roof summary of the design', async () => {
		const scope = aurora().get(ROOF_PATH).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters: roofParameters({ simplify: true }) });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Roof summary of design "${DESIGN_ID}" was not found (404)`);
	});

	it('an empty answer fails clearly instead of outputting an empty roof summary', async () => {
		const scope = aurora().get(ROOF_PATH).reply(200, { roof_summary: null });

		const error = await runNodeFailure({ parameters: roofParameters({ simplify: true }) });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe("Aurora's answer holds no roof summary");
	});
});
