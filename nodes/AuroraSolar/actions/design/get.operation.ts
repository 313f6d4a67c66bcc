import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyProperty } from '../common/parameters';
import { simplifyDesign } from '../common/simplify';
import { designIdLocator, optionalDesignProjectLocator } from './locators';

// Deliberately the same shape as the other resources' Get: only the values differ; getOneOperation does the work.
export const getDesign = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a design', description: 'Retrieve a design by ID' },
	{
		locator: designIdLocator,
		properties: [optionalDesignProjectLocator, designIdLocator, simplifyProperty],
		path: (id) => `/designs/${encodeURIComponent(id)}`,
		subject: (id) => `Design "${id}"`,
		key: 'design',
		output: simplifiedBy(simplifyDesign),
	},
);
