import { defineResource } from '../common/operation';
import { createProject } from './create.operation';
import { getProject } from './get.operation';
import { getManyProjects } from './get-many.operation';
import { updateProject } from './update.operation';

export const projectResource = defineResource({
	name: 'Project',
	value: 'project',
	defaultOperation: 'get',
	operations: [createProject, getProject, getManyProjects, updateProject],
});
