import type { IExecuteFunctions } from 'n8n-workflow';

import { readId, simplifyProperty } from '../common/parameters';
import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyDesign } from '../common/simplify';
import { designProjectLocator } from './locators';

export const getManyDesigns = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many designs', description: 'List the designs of a project' },
	{
		before: [designProjectLocator],
		after: [simplifyProperty],
		list(this: IExecuteFunctions, itemIndex: number) {
			const projectId = readId.call(this, designProjectLocator, itemIndex);
			return { path: `/projects/${encodeURIComponent(projectId)}/designs`, subject: `Project "${projectId}"` };
		},
		key: 'designs',
		output: simplifiedBy(simplifyDesign),
	},
);
