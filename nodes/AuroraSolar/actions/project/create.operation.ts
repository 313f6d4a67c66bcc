import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { compact, fieldCollection, simplifyIfAsked, simplifyProperty } from '../common/parameters';
import { simplifyProject } from '../common/simplify';
import { projectFieldOptions } from './fields';

export const createProject: AuroraOperation = {
	name: 'Create',
	value: 'create',
	action: 'Create a project',
	description: 'Create a project at an address or location',
	properties: [
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: '',
			placeholder: 'e.g. 434 Brannan St, San Francisco, CA 94107',
			description: 'Property address. Leave empty to place the project by Latitude and Longitude instead (under Additional Fields).',
		},
		fieldCollection({ displayName: 'Additional Fields', name: 'additionalFields', options: projectFieldOptions }),
		simplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const address = String(this.getNodeParameter('address', itemIndex, '')).trim();
		const fields = compact(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		const hasLocation = fields.latitude !== undefined && fields.longitude !== undefined;
		if (!address && !hasLocation) {
			throw new NodeOperationError(this.getNode(), 'A project needs an Address, or a Latitude and a Longitude', {
				description: 'Fill in Address, or add both Latitude and Longitude under Additional Fields.',
				itemIndex,
			});
		}
		const project: IDataObject = { ...fields };
		if (address) project.address = address;
		const created = await auroraRequestOne.call(this, {
			method: 'POST',
			path: '/projects',
			body: { project },
			itemIndex,
			creates: { what: 'project', check: "look for it in Aurora's project list, or list projects with Project → Get Many." },
		}, 'project');
		return simplifyIfAsked.call(this, itemIndex, created, simplifyProject);
	},
};
