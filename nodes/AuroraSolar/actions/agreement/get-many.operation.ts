import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AGREEMENT_STATUSES } from '../../objects';
import { filtersCollection, readId, simplifyProperty } from '../common/parameters';
import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyAgreement } from '../common/simplify';
import { agreementProjectLocator } from './locators';
import { agreementPlaces } from './places';

function statusName(status: string): string {
	return status
		.split('-')
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
		.join(' ');
}

export const getManyAgreements = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many agreements', description: 'List the agreements of a project' },
	{
		before: [agreementProjectLocator],
		after: [
			filtersCollection([
				{
					displayName: 'Statuses',
					name: 'statuses',
					type: 'multiOptions',
					options: AGREEMENT_STATUSES.map((status) => ({ name: statusName(status), value: status })),
					default: [],
					description: 'Only agreements in one of these statuses (the statuses of Aurora\'s agreement_status_changed event)',
				},
			]),
			simplifyProperty,
		],
		list(this: IExecuteFunctions, itemIndex: number) {
			const projectId = readId.call(this, agreementProjectLocator, itemIndex);
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const statuses = Array.isArray(filters.statuses) ? filters.statuses.map(String) : [];
			return agreementPlaces(projectId, statuses);
		},
		key: 'agreements',
		output: simplifiedBy(simplifyAgreement),
	},
);
