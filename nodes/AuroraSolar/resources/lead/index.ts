import type { INodeProperties } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { convertLead } from './convert';
import { getLead } from './get';
import { getManyLeads } from './getMany';

export const leadOperations: Record<string, AuroraOperation> = {
	convert: convertLead,
	get: getLead,
	getAll: getManyLeads,
};

export const leadProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{ name: 'Convert to Project', value: 'convert', action: 'Convert a lead to a project', description: 'Create a project from a lead' },
			{ name: 'Get', value: 'get', action: 'Get a lead', description: 'Retrieve a lead by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many leads', description: 'List leads' },
		],
		default: 'get',
	},
	...getLead.properties,
	...getManyLeads.properties,
	...convertLead.properties,
];
