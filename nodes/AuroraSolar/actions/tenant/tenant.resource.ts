import type { IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import { defineResource } from '../common/operation';

export const tenantResource = defineResource({
	name: 'Tenant',
	value: 'tenant',
	defaultOperation: 'get',
	operations: [
		{
			name: 'Get',
			value: 'get',
			action: 'Get the tenant',
			description: "Retrieve the tenant of the credential (your company's Aurora account)",
			properties: [],
			async execute(this: IExecuteFunctions, itemIndex: number) {
				return await auroraRequestOne.call(this, { method: 'GET', path: '', subject: 'The tenant', itemIndex }, 'tenant');
			},
		},
	],
});
