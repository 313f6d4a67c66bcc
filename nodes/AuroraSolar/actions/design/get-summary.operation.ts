import { getOneOperation } from '../common/read-operations';
import { designIdLocator, optionalDesignProjectLocator } from './locators';

export const getDesignSummary = getOneOperation(
	{
		name: 'Get Summary',
		value: 'getSummary',
		action: 'Get the summary of a design',
		description: 'Retrieve system size, bill of materials and arrays of a design',
	},
	{
		locator: designIdLocator,
		properties: [optionalDesignProjectLocator, designIdLocator],
		path: (id) => `/designs/${encodeURIComponent(id)}/summary`,
		subject: (id) => `Design "${id}"`,
		key: 'design',
	},
);
