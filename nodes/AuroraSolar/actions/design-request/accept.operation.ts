import type { IExecuteFunctions } from 'n8n-workflow';

import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { readId, simplifyIfAsked, simplifyProperty } from '../common/parameters';
import { simplifyDesignRequest } from '../common/simplify';
import { designRequestIdLocator, optionalRequestProjectLocator } from './locators';

const designRequest = AURORA_OBJECTS.designRequest;

export const acceptDesignRequest: AuroraOperation = {
	name: 'Accept',
	value: 'accept',
	action: 'Accept a design request',
	description:
		'Accept a completed design request: Aurora adds a new design with the 3D model to the project and puts its ID on the request',
	properties: [optionalRequestProjectLocator, designRequestIdLocator, simplifyProperty],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, designRequestIdLocator, itemIndex);
		const accepted = await auroraRequestOne.call(
			this,
			{
				method: 'POST',
				path: `${designRequest.path(id)}/accept`,
				subject: objectSubject(designRequest, id),
				itemIndex,
				// Accepting makes a design: a lost answer is checked, not sent again.
				creates: { what: 'design from this design request', check: 'get the design request with Design Request → Get: once accepted, its status is accepted and design_id names the new design.' },
			},
			designRequest.envelope,
		);
		// Aurora's answer may leave out the id that was accepted; the simplified item still names it.
		return simplifyIfAsked.call(this, itemIndex, accepted, (request) => simplifyDesignRequest({ id, ...request }));
	},
};
