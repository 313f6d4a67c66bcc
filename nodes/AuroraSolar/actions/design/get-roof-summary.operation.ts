import { simplifyProperty } from '../common/parameters';
import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyRoofSummary } from '../common/simplify';
import { designIdLocator, optionalDesignProjectLocator } from './locators';

export const getDesignRoofSummary = getOneOperation(
	{
		name: 'Get Roof Summary',
		value: 'getRoofSummary',
		action: 'Get the roof summary of a design',
		description: "Retrieve a design's roof faces (pitch, azimuth, area) and the modules on each",
	},
	{
		locator: designIdLocator,
		properties: [optionalDesignProjectLocator, designIdLocator, simplifyProperty],
		path: (id) => `/designs/${encodeURIComponent(id)}/roof_summary`,
		subject: (id) => `Roof summary of design "${id}"`,
		key: 'roof_summary',
		output: simplifiedBy(simplifyRoofSummary),
	},
);
