/**
 * What a design is made of beyond its summary: generated files (assets; retrieve [D], list per
 * design [G], paging invented) and the roof summary. API version 2024.05 renamed the roof
 * summary's `panels` to `modules` [D changelog]; the fake has no per-key API version, so
 * roofSummaryModulesKey picks the name.
 */
import type { ApiRoute } from '../context';
import { HttpError } from '../http';
import { paginate } from '../paging';
import { findDesign } from './designs';

export const designAssetRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/designs/:id/assets',
		handler: (ctx, { id }) => ({ status: 200, body: { assets: paginate(findDesign(ctx, id).assets, ctx.query, ctx.config) } }),
	},
	{
		method: 'GET',
		pattern: '/assets/:id',
		handler: (ctx, { id }) => {
			for (const design of ctx.tenant.designs.values()) {
				const asset = design.assets.find((a) => a.id === id);
				if (asset) return { status: 200, body: { asset } };
			}
			throw new HttpError(404, 'Not Found');
		},
	},
	{
		method: 'GET',
		pattern: '/designs/:id/roof_summary',
		handler: (ctx, { id }) => {
			const design = findDesign(ctx, id);
			const key = ctx.config.roofSummaryModulesKey;
			const roofs = design.roofs.map(({ modules, ...roof }) => ({ ...roof, [key]: modules }));
			return { status: 200, body: { roof_summary: { design_id: design.id, roofs } } };
		},
	},
];
