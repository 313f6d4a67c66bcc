import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../common/operation';
import { readId } from '../common/parameters';
import { designIdLocator, optionalDesignProjectLocator } from '../design/locators';
import { generateWebProposalUrl } from './generate';

export const generateWebProposalUrlOperation: AuroraOperation = {
	name: 'Generate URL',
	value: 'generateUrl',
	action: 'Generate a web proposal link for a design',
	description: 'Make a new shareable web proposal link for a design',
	properties: [optionalDesignProjectLocator, designIdLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return await generateWebProposalUrl.call(this, readId.call(this, designIdLocator, itemIndex), itemIndex);
	},
};
