import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId } from '../../shared/parameters';
import { auroraRequestOne } from '../../transport/request';
import { designIdLocator, optionalDesignProjectLocator } from './parameters';

export const getDesignPricing: AuroraOperation = {
	properties: forOperation('design', 'getPricing', [optionalDesignProjectLocator, designIdLocator]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, designIdLocator, itemIndex);
		return await auroraRequestOne.call(this, {
			method: 'GET',
			path: `/designs/${encodeURIComponent(id)}/pricing`,
			subject: `Pricing of design "${id}"`,
			itemIndex,
		}, 'pricing');
	},
};
