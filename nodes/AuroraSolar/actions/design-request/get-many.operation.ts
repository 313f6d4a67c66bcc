import type { IExecuteFunctions } from 'n8n-workflow';

import { getManyFromPlaces } from '../common/list-places';
import { readId, simplifyIfAsked, simplifyProperty } from '../common/parameters';
import { simplifyDesignRequest } from '../common/simplify';
import { requestProjectLocator } from './locators';
import { designRequestPlaces } from './places';

export const getManyDesignRequests = getManyFromPlaces(
	{ name: 'Get Many', value: 'getAll', action: 'Get many design requests', description: 'List the design requests of a project' },
	{
		before: [requestProjectLocator],
		after: [simplifyProperty],
		places(this: IExecuteFunctions, itemIndex: number) {
			return designRequestPlaces(readId.call(this, requestProjectLocator, itemIndex));
		},
		key: 'design_requests',
		output(this: IExecuteFunctions, itemIndex, objects) {
			return simplifyIfAsked.call(this, itemIndex, objects, simplifyDesignRequest);
		},
	},
);
