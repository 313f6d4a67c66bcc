import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { compact, readId } from '../../shared/parameters';
import { projectFieldOptions } from '../project/fields';
import { auroraRequestOne } from '../../transport/request';
import type { CreatedObject } from '../../transport/uncertain-create';
import { leadIdLocator } from './get';

const CREATES_PROJECT: CreatedObject = {
	what: 'project',
	check: 'use Lead → Get on this lead; once it has been converted, its project_id names the new project.',
};

export const convertLead: AuroraOperation = {
	properties: forOperation('lead', 'convert', [
		leadIdLocator,
		{
			displayName: 'Project Fields',
			name: 'projectFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: "Values to set on the new project, added to or overriding what it inherits from the lead. The lead's design must have been opened in Pro or Sales mode.",
			options: projectFieldOptions,
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, leadIdLocator, itemIndex);
		const fields = compact(this.getNodeParameter('projectFields', itemIndex, {}) as IDataObject);
		return await auroraRequestOne.call(this, {
			method: 'POST',
			path: `/leads/${encodeURIComponent(id)}/convert`,
			body: Object.keys(fields).length > 0 ? { project: fields } : undefined,
			subject: `Lead "${id}"`,
			itemIndex,
			creates: CREATES_PROJECT,
		}, 'project');
	},
};
