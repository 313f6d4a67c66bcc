/**
 * Retrieve Tenant: the cheapest tenant-scoped read, which makes it a good credential test.
 * The response shape is a guess ({"tenant": {id, name}}); Aurora's example was not retrievable.
 */
import type { ApiRoute } from '../context';

export const tenantRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/',
		handler: ({ tenant }) => ({ status: 200, body: { tenant: { id: tenant.id, name: tenant.name } } }),
	},
];
