import type { IExecuteFunctions } from 'n8n-workflow';

import { readId } from '../common/parameters';
import { getManyOperation, shapedBy } from '../common/read-operations';
import { designIdLocator, optionalDesignProjectLocator } from './locators';

export const getDesignAssets = getManyOperation(
	{ name: 'Get Assets', value: 'getAssets', action: 'Get the assets of a design', description: 'List the files of a design (layouts, DXF, screenshots, racking documents)' },
	{
		before: [optionalDesignProjectLocator, designIdLocator],
		list(this: IExecuteFunctions, itemIndex: number) {
			const designId = readId.call(this, designIdLocator, itemIndex);
			return { path: `/designs/${encodeURIComponent(designId)}/assets`, subject: `Design "${designId}"` };
		},
		key: 'assets',
		output: shapedBy((asset) => asset),
	},
);
