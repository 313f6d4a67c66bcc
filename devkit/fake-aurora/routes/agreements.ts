/**
 * Agreements: retrieve ([D]) and list (where, see list-location.ts and agreementListAt).
 * Read-only, as in Aurora; the admin API creates them and changes their status.
 */
import type { ApiContext, ApiRoute } from '../context';
import { HttpError } from '../http';
import { byCreatedAt } from '../store';
import type { ListLocation } from '../types';
import { listBy } from './list-location';

function list(ctx: ApiContext, via: ListLocation, projectId?: string) {
	return { status: 200, body: { agreements: listBy(ctx, ctx.config.agreementListAt, via, byCreatedAt(ctx.tenant.agreements), projectId) } };
}

export const agreementRoutes: ApiRoute[] = [
	{ method: 'GET', pattern: '/agreements', handler: (ctx) => list(ctx, 'tenant') },
	{ method: 'GET', pattern: '/projects/:id/agreements', handler: (ctx, { id }) => list(ctx, 'project', id) },
	{
		method: 'GET',
		pattern: '/agreements/:id',
		handler: (ctx, { id }) => {
			const agreement = ctx.tenant.agreements.get(id);
			if (!agreement) throw new HttpError(404, 'Not Found');
			return { status: 200, body: { agreement } };
		},
	},
];
