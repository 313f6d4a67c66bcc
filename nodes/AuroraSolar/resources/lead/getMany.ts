import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { getManyProperties, readLimit, simplifyProperty } from '../../shared/parameters';
import { simplifyLead } from '../../shared/simplify';
import { auroraPaginate } from '../../transport/paginate';

export const getManyLeads: AuroraOperation = {
	properties: forOperation('lead', 'getAll', [...getManyProperties, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const leads = await auroraPaginate.call(this, {
			path: '/leads',
			key: 'leads',
			limit: readLimit.call(this, itemIndex),
			itemIndex,
		});
		return this.getNodeParameter('simplify', itemIndex, true) ? leads.map(simplifyLead) : leads;
	},
};
