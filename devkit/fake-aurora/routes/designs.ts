/**
 * Designs: list per project, retrieve, summary (documented shape) and pricing (shape seen in
 * third-party code; the price fields beyond system_price/price_per_watt are invented).
 */
import type { ApiContext, ApiRoute } from '../context';
import { HttpError } from '../http';
import { paginate } from '../paging';
import { byCreatedAt } from '../store';
import type { DesignRecord } from '../types';
import { findProject } from './projects';

export function findDesign(ctx: ApiContext, id: string): DesignRecord {
	const design = ctx.tenant.designs.get(id);
	if (!design) throw new HttpError(404, 'Not Found');
	return design;
}

export function designView(d: DesignRecord): Record<string, unknown> {
	return {
		id: d.id,
		external_provider_id: d.external_provider_id,
		project_id: d.project_id,
		name: d.name,
		system_size_stc: d.system_size_stc,
		system_size_ac: d.system_size_ac,
		module_count: d.module_count,
		milestone: d.milestone,
		created_at: d.created_at,
	};
}

export const designRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/projects/:id/designs',
		handler: (ctx, { id }) => {
			findProject(ctx, id);
			const designs = byCreatedAt(ctx.tenant.designs).filter((d) => d.project_id === id);
			return { status: 200, body: { designs: paginate(designs, ctx.query, ctx.config).map(designView) } };
		},
	},
	{
		method: 'GET',
		pattern: '/designs/:id',
		handler: (ctx, { id }) => ({ status: 200, body: { design: designView(findDesign(ctx, id)) } }),
	},
	{
		method: 'GET',
		pattern: '/designs/:id/summary',
		handler: (ctx, { id }) => {
			const d = findDesign(ctx, id);
			const design = {
				design_id: d.id,
				external_provider_id: d.external_provider_id,
				project_id: d.project_id,
				system_size_stc: d.system_size_stc,
				system_size_ac: d.system_size_ac,
				bill_of_materials: d.bill_of_materials,
				arrays: d.arrays,
			};
			return { status: 200, body: { design } };
		},
	},
	{
		method: 'GET',
		pattern: '/designs/:id/pricing',
		handler: (ctx, { id }) => {
			const d = findDesign(ctx, id);
			return { status: 200, body: { pricing: { design_id: d.id, ...d.pricing } } };
		},
	},
];
