import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId, simplifyProperty } from '../../shared/parameters';
import { simplifyDesign } from '../../shared/simplify';
import { auroraRequestOne } from '../../transport/request';
import { designIdLocator, optionalDesignProjectLocator } from './parameters';

export const getDesign: AuroraOperation = {
	properties: forOperation('design', 'get', [optionalDesignProjectLocator, designIdLocator, simplifyProperty]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, designIdLocator, itemIndex);
		const design = await auroraRequestOne.call(this, {
			method: 'GET',
			path: `/designs/${encodeURIComponent(id)}`,
			subject: `Design "${id}"`,
			itemIndex,
		}, 'design');
		return this.getNodeParameter('simplify', itemIndex, true) ? simplifyDesign(design) : design;
	},
};
