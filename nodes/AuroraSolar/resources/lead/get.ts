import type { IExecuteFunctions } from 'n8n-workflow';

import { idLocator } from '../../shared/locators';
import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId, simplifyProperty } from '../../shared/parameters';
import { simplifyLead } from '../../shared/simplify';
import { auroraRequestOne } from '../../transport/request';

export const leadIdLocator = idLocator({ name: 'leadId', displayName: 'Lead', searchMethod: 'searchLeads', placeholderName: 'lead' });

export const getLead: AuroraOperation = {
	properties: forOperation('lead', 'get', [leadIdLocator, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, leadIdLocator, itemIndex);
		const lead = await auroraRequestOne.call(this, {
			method: 'GET',
			path: `/leads/${encodeURIComponent(id)}`,
			subject: `Lead "${id}"`,
			itemIndex,
		}, 'lead');
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyLead(lead) : lead;
	},
};
