import type { IExecuteFunctions } from 'n8n-workflow';

import { readId, simplifyProperty } from '../common/parameters';
import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyDesignRequest } from '../common/simplify';
import { requestProjectLocator } from './locators';
import { designRequestPlaces } from './places';

export const getManyDesignRequests = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many design requests', description: 'List the design requests of a project' },
	{
		before: [requestProjectLocator],
		after: [simplifyProperty],
		list(this: IExecuteFunctions, itemIndex: number) {
			return designRequestPlaces(readId.call(this, requestProjectLocator, itemIndex));
		},
		key: 'design_requests',
		output: simplifiedBy(simplifyDesignRequest),
	},
);
