import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { getManyProperties, readLimit, simplifyProperty } from '../../shared/parameters';
import { simplifyProject } from '../../shared/simplify';
import { auroraPaginate } from '../../transport/paginate';

export const getManyProjects: AuroraOperation = {
	properties: forOperation('project', 'getAll', [...getManyProperties, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const projects = await auroraPaginate.call(this, {
			path: '/projects',
			key: 'projects',
			limit: readLimit.call(this, itemIndex),
			itemIndex,
		});
		return this.getNodeParameter('simplify', itemIndex, true) ? projects.map(simplifyProject) : projects;
	},
};
