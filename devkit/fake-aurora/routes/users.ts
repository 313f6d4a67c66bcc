/**
 * Users of the tenant: list (optionally only members of one partner organisation) and retrieve.
 * Paths and fields as in third-party clients [G]; the partner filter is documented [D].
 */
import type { ApiRoute } from '../context';
import { firstValue, HttpError } from '../http';
import { paginate } from '../paging';

export const userRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/users',
		handler: (ctx) => {
			const partnerId = firstValue(ctx.query.partner_id);
			const all = Array.from(ctx.tenant.users.values());
			const users = partnerId === undefined || partnerId === '' ? all : all.filter((u) => u.partner_ids.includes(partnerId));
			return { status: 200, body: { users: paginate(users, ctx.query, ctx.config) } };
		},
	},
	{
		method: 'GET',
		pattern: '/users/:id',
		handler: (ctx, { id }) => {
			const user = ctx.tenant.users.get(id);
			if (!user) throw new HttpError(404, 'Not Found');
			return { status: 200, body: { user } };
		},
	},
];
