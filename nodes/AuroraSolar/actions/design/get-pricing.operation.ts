import { getOneOperation } from '../common/read-operations';
import { designIdLocator, optionalDesignProjectLocator } from './locators';

export const getDesignPricing = getOneOperation(
	{ name: 'Get Pricing', value: 'getPricing', action: 'Get the pricing of a design', description: 'Retrieve the pricing of a design' },
	{
		locator: designIdLocator,
		properties: [optionalDesignProjectLocator, designIdLocator],
		path: (id) => `/designs/${encodeURIComponent(id)}/pricing`,
		subject: (id) => `Pricing of design "${id}"`,
		key: 'pricing',
	},
);
