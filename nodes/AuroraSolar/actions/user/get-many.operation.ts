import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { filtersCollection, simplifyProperty } from '../common/parameters';
import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyUser } from '../common/simplify';

export const getManyUsers = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many users', description: 'List the users of the tenant, e.g. to assign a project owner' },
	{
		after: [
			filtersCollection([
				{
					displayName: 'Partner ID',
					name: 'partnerId',
					type: 'string',
					default: '',
					description: 'Only users of this partner organization',
				},
			]),
			simplifyProperty,
		],
		list(this: IExecuteFunctions, itemIndex: number) {
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const partnerId = String(filters.partnerId ?? '').trim();
			return { path: '/users', subject: "The tenant's user list", ...(partnerId ? { qs: { partner_id: partnerId } } : {}) };
		},
		key: 'users',
		output: simplifiedBy(simplifyUser),
	},
);
