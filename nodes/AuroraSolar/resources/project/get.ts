import type { IExecuteFunctions } from 'n8n-workflow';

import { idLocator } from '../../shared/locators';
import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId, simplifyProperty } from '../../shared/parameters';
import { simplifyProject } from '../../shared/simplify';
import { auroraRequestOne } from '../../transport/request';

export const projectIdLocator = idLocator({
	name: 'projectId',
	displayName: 'Project',
	searchMethod: 'searchProjects',
	placeholderName: 'project',
});

export const getProject: AuroraOperation = {
	properties: forOperation('project', 'get', [projectIdLocator, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, projectIdLocator, itemIndex);
		const project = await auroraRequestOne.call(this, {
			method: 'GET',
			path: `/projects/${encodeURIComponent(id)}`,
			subject: `Project "${id}"`,
			itemIndex,
		}, 'project');
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyProject(project) : project;
	},
};
