/**
 * Design requests: create (fires design_request_created with SOURCE=api), retrieve, list
 * (where, see list-location.ts and designRequestListAt) and accept.
 */
import type { ApiContext, ApiRoute } from '../context';
import { acceptDesignRequest, buildDesignRequest, designRequestView, scheduleAutoComplete } from '../design-requests';
import { HttpError, unwrap } from '../http';
import { byCreatedAt } from '../store';
import type { DesignRequest, ListLocation } from '../types';
import { listBy } from './list-location';

function findDesignRequest(ctx: ApiContext, id: string): DesignRequest {
	const request = ctx.tenant.designRequests.get(id);
	if (!request) throw new HttpError(404, 'Not Found');
	return request;
}

function list(ctx: ApiContext, via: ListLocation, projectId?: string) {
	const page = listBy(ctx, ctx.config.designRequestListAt, via, byCreatedAt(ctx.tenant.designRequests), projectId);
	return { status: 200, body: { design_requests: page.map(designRequestView) } };
}

export const designRequestRoutes: ApiRoute[] = [
	{
		method: 'POST',
		pattern: '/design_requests',
		handler: (ctx) => {
			const request = buildDesignRequest(ctx.tenant, unwrap(ctx.body, 'design_request', true), ctx.now);
			ctx.tenant.designRequests.set(request.id, request);
			ctx.deliveries.emit(ctx.tenant.id, 'design_request_created', { DESIGN_REQUEST_ID: request.id, SOURCE: 'api' });
			scheduleAutoComplete(ctx, ctx.tenant, request.id);
			return { status: 200, body: { design_request: designRequestView(request) } };
		},
	},
	// Registered even when not served, so a GET answers 404 (unknown path), not 405 (POST exists).
	{ method: 'GET', pattern: '/design_requests', handler: (ctx) => list(ctx, 'tenant') },
	{ method: 'GET', pattern: '/projects/:id/design_requests', handler: (ctx, { id }) => list(ctx, 'project', id) },
	{
		method: 'GET',
		pattern: '/design_requests/:id',
		handler: (ctx, { id }) => ({ status: 200, body: { design_request: designRequestView(findDesignRequest(ctx, id)) } }),
	},
	{
		method: 'POST',
		pattern: '/design_requests/:id/accept',
		handler: (ctx, { id }) => {
			const accepted = acceptDesignRequest(ctx.tenant, findDesignRequest(ctx, id), ctx.now);
			return { status: 200, body: { design_request: designRequestView(accepted) } };
		},
	},
];
