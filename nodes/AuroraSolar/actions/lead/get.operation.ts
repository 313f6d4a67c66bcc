import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyProperty } from '../common/parameters';
import { simplifyLead } from '../common/simplify';
import { leadIdLocator } from './locators';

// Deliberately the same shape as the other resources' Get: only the values differ; getOneOperation does the work.
export const getLead = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a lead', description: 'Retrieve a lead by ID' },
	{
		locator: leadIdLocator,
		properties: [leadIdLocator, simplifyProperty],
		path: (id) => `/leads/${encodeURIComponent(id)}`,
		subject: (id) => `Lead "${id}"`,
		key: 'lead',
		output: simplifiedBy(simplifyLead),
	},
);
