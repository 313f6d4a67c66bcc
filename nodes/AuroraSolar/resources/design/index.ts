import type { INodeProperties } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { getDesign } from './get';
import { getManyDesigns } from './getMany';
import { getDesignPricing } from './getPricing';
import { getDesignSummary } from './getSummary';

export const designOperations: Record<string, AuroraOperation> = {
	get: getDesign,
	getAll: getManyDesigns,
	getPricing: getDesignPricing,
	getSummary: getDesignSummary,
};

export const designProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['design'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a design', description: 'Retrieve a design by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many designs', description: 'List the designs of a project' },
			{ name: 'Get Pricing', value: 'getPricing', action: 'Get the pricing of a design', description: 'Retrieve the pricing of a design' },
			{ name: 'Get Summary', value: 'getSummary', action: 'Get the summary of a design', description: 'Retrieve system size, bill of materials and arrays of a design' },
		],
		default: 'get',
	},
	...getDesign.properties,
	...getManyDesigns.properties,
	...getDesignSummary.properties,
	...getDesignPricing.properties,
];
