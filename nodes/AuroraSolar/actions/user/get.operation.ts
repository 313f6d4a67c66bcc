import { simplifyProperty } from '../common/parameters';
import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyUser } from '../common/simplify';
import { userIdLocator } from './locators';

export const getUser = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a user', description: 'Retrieve a user of the tenant by ID' },
	{
		locator: userIdLocator,
		properties: [userIdLocator, simplifyProperty],
		path: (id) => `/users/${encodeURIComponent(id)}`,
		subject: (id) => `User "${id}"`,
		key: 'user',
		output: simplifiedBy(simplifyUser),
	},
);
