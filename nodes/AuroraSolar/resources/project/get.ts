import type { IExecuteFunctions } from 'n8n-workflow';

import { idLocator } from '../../shared/locators';
import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId, simplifyProperty } from '../../shared/parameters';
import { simplifyProject } from '../../shared/simplify';
import { unwrapOne } from '../../transport/envelope';
import { auroraRequest } from '../../transport/request';

export const projectIdLocator = idLocator({
	name: 'projectId',
	displayName: 'Project',
	searchMethod: 'searchProjects',
	placeholderName: 'project',
});

export const getProject: AuroraOperation = {
	properties: forOperation('project', 'get', [projectIdLocator, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, 'projectId', itemIndex);
		const body = await auroraRequest.call(this, {
			method: 'GET',
			path: `/projects/${encodeURIComponent(id)}`,
			subject: `Project "${id}"`,
			itemIndex,
		});
		const project = unwrapOne(body, 'project') ?? {};
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyProject(project) : project;
	},
};
