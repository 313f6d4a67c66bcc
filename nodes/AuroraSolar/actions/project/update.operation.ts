import type { IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { fieldCollection, readId, readUpdateFields, simplifyIfAsked, simplifyProperty } from '../common/parameters';
import { simplifyProject } from '../common/simplify';
import { projectFieldOptions } from './fields';
import { projectIdLocator } from './locators';

export const updateProject: AuroraOperation = {
	name: 'Update',
	value: 'update',
	action: 'Update a project',
	description: 'Change fields of a project',
	properties: [
		projectIdLocator,
		fieldCollection({
			displayName: 'Update Fields',
			name: 'updateFields',
			options: [{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Property address' }, ...projectFieldOptions],
		}),
		simplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, projectIdLocator, itemIndex);
		const fields = readUpdateFields.call(this, itemIndex);
		const project = await auroraRequestOne.call(this, {
			// The same PUT as the other resource's Update (deliberately): only path, envelope and secret handling differ.
			method: 'PUT',
			path: `/projects/${encodeURIComponent(id)}`,
			body: { project: fields },
			subject: `Project "${id}"`,
			itemIndex,
		}, 'project');
		return simplifyIfAsked.call(this, itemIndex, project, simplifyProject);
	},
};
