import { defineResource } from '../common/operation';
import { getDesignAssets } from './get-assets.operation';
import { getDesign } from './get.operation';
import { getManyDesigns } from './get-many.operation';
import { getDesignPricing } from './get-pricing.operation';
import { getDesignRoofSummary } from './get-roof-summary.operation';
import { getDesignSummary } from './get-summary.operation';

export const designResource = defineResource({
	name: 'Design',
	value: 'design',
	defaultOperation: 'get',
	operations: [getDesign, getManyDesigns, getDesignSummary, getDesignPricing, getDesignAssets, getDesignRoofSummary],
});
