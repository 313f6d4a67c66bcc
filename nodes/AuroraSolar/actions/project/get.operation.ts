import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyProperty } from '../common/parameters';
import { simplifyProject } from '../common/simplify';
import { projectIdLocator } from './locators';

// Deliberately the same shape as the other resources' Get: only the values differ; getOneOperation does the work.
export const getProject = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a project', description: 'Retrieve a project by ID' },
	{
		locator: projectIdLocator,
		properties: [projectIdLocator, simplifyProperty],
		path: (id) => `/projects/${encodeURIComponent(id)}`,
		subject: (id) => `Project "${id}"`,
		key: 'project',
		output: simplifiedBy(simplifyProject),
	},
);
