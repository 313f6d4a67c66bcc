/**
 * Web proposal of a design: retrieve and generate a new URL (fires web_proposal_url_created with
 * SOURCE=api). The admin API can expire a link (routes/admin-sales.ts).
 */
import type { ApiRoute } from '../context';
import { newWebProposalLink, webProposalView } from '../web-proposals';
import { findDesign } from './designs';

export const webProposalRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/designs/:id/web_proposal',
		handler: (ctx, { id }) => {
			findDesign(ctx, id);
			return { status: 200, body: { web_proposal: webProposalView(id, ctx.tenant.webProposals.get(id), ctx.now) } };
		},
	},
	{
		method: 'POST',
		pattern: '/designs/:id/web_proposal/generate_url',
		handler: (ctx, { id }) => {
			findDesign(ctx, id);
			const link = newWebProposalLink(ctx.now);
			ctx.tenant.webProposals.set(id, link);
			ctx.deliveries.emit(ctx.tenant.id, 'web_proposal_url_created', { DESIGN_ID: id, SOURCE: 'api' });
			return { status: 200, body: { web_proposal: webProposalView(id, link, ctx.now) } };
		},
	},
];
