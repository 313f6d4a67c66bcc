import { defineResource } from '../common/operation';
import { convertLead } from './convert.operation';
import { getLead } from './get.operation';
import { getManyLeads } from './get-many.operation';

export const leadResource = defineResource({
	name: 'Lead',
	value: 'lead',
	defaultOperation: 'get',
	operations: [getLead, getManyLeads, convertLead],
});
