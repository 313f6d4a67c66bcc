import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { compact, fieldCollection, readId } from '../common/parameters';
import { projectFieldOptions } from '../project/fields';
import { leadIdLocator } from './locators';

export const convertLead: AuroraOperation = {
	name: 'Convert to Project',
	value: 'convert',
	action: 'Convert a lead to a project',
	description: 'Create a project from a lead',
	properties: [
		leadIdLocator,
		fieldCollection({
			displayName: 'Project Fields',
			name: 'projectFields',
			description: "Values to set on the new project, added to or overriding what it inherits from the lead. The lead's design must have been opened in Pro or Sales mode.",
			options: projectFieldOptions,
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, leadIdLocator, itemIndex);
		const fields = compact(this.getNodeParameter('projectFields', itemIndex, {}) as IDataObject);
		return await auroraRequestOne.call(this, {
			method: 'POST',
			path: `/leads/${encodeURIComponent(id)}/convert`,
			body: Object.keys(fields).length > 0 ? { project: fields } : undefined,
			subject: `Lead "${id}"`,
			itemIndex,
			// Not repeated after a failure that may have reached Aurora; the error then says where to look.
			creates: {
				what: 'project',
				check: 'use Lead → Get on this lead; once it has been converted, its project_id names the new project.',
			},
		}, 'project');
	},
};
