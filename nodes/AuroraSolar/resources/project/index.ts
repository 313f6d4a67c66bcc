import type { INodeProperties } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { createProject } from './create';
import { getProject } from './get';
import { getManyProjects } from './getMany';
import { updateProject } from './update';

export const projectOperations: Record<string, AuroraOperation> = {
	create: createProject,
	get: getProject,
	getAll: getManyProjects,
	update: updateProject,
};

export const projectProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['project'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a project', description: 'Create a project at an address or location' },
			{ name: 'Get', value: 'get', action: 'Get a project', description: 'Retrieve a project by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many projects', description: 'List projects' },
			{ name: 'Update', value: 'update', action: 'Update a project', description: 'Change fields of a project' },
		],
		default: 'get',
	},
	...createProject.properties,
	...getProject.properties,
	...getManyProjects.properties,
	...updateProject.properties,
];
