import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { getManyProperties, readId, readLimit, simplifyProperty } from '../../shared/parameters';
import { simplifyDesign } from '../../shared/simplify';
import { auroraPaginate } from '../../transport/paginate';
import { designProjectLocator } from './parameters';

export const getManyDesigns: AuroraOperation = {
	properties: forOperation('design', 'getAll', [designProjectLocator, ...getManyProperties, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const projectId = readId.call(this, designProjectLocator, itemIndex);
		const designs = await auroraPaginate.call(this, {
			path: `/projects/${encodeURIComponent(projectId)}/designs`,
			key: 'designs',
			limit: readLimit.call(this, itemIndex),
			subject: `Project "${projectId}"`,
			itemIndex,
		});
		return this.getNodeParameter('simplify', itemIndex, true) ? designs.map(simplifyDesign) : designs;
	},
};
