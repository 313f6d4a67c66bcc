import type { IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { compact, fieldCollection, readId, simplifyIfAsked, simplifyProperty } from '../common/parameters';
import { simplifyDesignRequest } from '../common/simplify';
import { requestProjectLocator } from './locators';

export const createDesignRequest: AuroraOperation = {
	name: 'Create',
	value: 'create',
	action: 'Create a design request',
	description: "Order a 3D roof model for a project from Aurora's Expert Modeling Service",
	properties: [
		requestProjectLocator,
		fieldCollection({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			options: [
				{
					displayName: 'Notes',
					name: 'notes',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'Instructions for the designer, e.g. which roof faces to model',
				},
			],
		}),
		simplifyProperty,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const projectId = readId.call(this, requestProjectLocator, itemIndex);
		const fields = compact(this.getNodeParameter('additionalFields', itemIndex, {}) as Record<string, string>);
		const created = await auroraRequestOne.call(
			this,
			{
				method: 'POST',
				path: '/design_requests',
				body: { design_request: { ...fields, project_id: projectId } },
				subject: `Project "${projectId}"`,
				itemIndex,
				// A second request would be a second paid model: never repeated after it may have reached Aurora.
				creates: { what: 'design request', check: 'list the project\'s design requests with Design Request → Get Many before you create it again.' },
			},
			'design_request',
		);
		return simplifyIfAsked.call(this, itemIndex, created, simplifyDesignRequest);
	},
};
