import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { compact, simplifyProperty } from '../../shared/parameters';
import { simplifyProject } from '../../shared/simplify';
import { auroraRequestOne } from '../../transport/request';
import type { CreatedObject } from '../../transport/uncertain-create';
import { projectFieldOptions } from './fields';

const CREATES_PROJECT: CreatedObject = {
	what: 'project',
	check: "look for it in Aurora's project list, or list projects with Project → Get Many.",
};

export const createProject: AuroraOperation = {
	properties: forOperation('project', 'create', [
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: '',
			placeholder: 'e.g. 434 Brannan St, San Francisco, CA 94107',
			description: 'Property address. Leave empty to place the project by Latitude and Longitude instead (under Additional Fields).',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: projectFieldOptions,
		},
		simplifyProperty,
	]),
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
		const created = await auroraRequestOne.call(
			this,
			{ method: 'POST', path: '/projects', body: { project }, itemIndex, creates: CREATES_PROJECT },
			'project',
		);
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyProject(created) : created;
	},
};
