import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { compact, readId, simplifyProperty } from '../../shared/parameters';
import { simplifyProject } from '../../shared/simplify';
import { auroraRequestOne } from '../../transport/request';
import { projectFieldOptions } from './fields';
import { projectIdLocator } from './get';

export const updateProject: AuroraOperation = {
	properties: forOperation('project', 'update', [
		projectIdLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'Property address' },
				...projectFieldOptions,
			],
		},
		simplifyProperty,
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, projectIdLocator, itemIndex);
		const fields = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		if (Object.keys(fields).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				description: 'Add at least one field under Update Fields.',
				itemIndex,
			});
		}
		const project = await auroraRequestOne.call(this, {
			method: 'PUT',
			path: `/projects/${encodeURIComponent(id)}`,
			body: { project: fields },
			subject: `Project "${id}"`,
			itemIndex,
		}, 'project');
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyProject(project) : project;
	},
};
