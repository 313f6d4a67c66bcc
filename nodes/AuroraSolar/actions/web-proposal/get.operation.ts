import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { readId } from '../common/parameters';
import { designIdLocator, optionalDesignProjectLocator } from '../design/locators';
import { generateWebProposalUrl } from './generate';

const webProposal = AURORA_OBJECTS.webProposal;

/** Whether a web proposal has no link a homeowner can open: none made yet, or it expired. */
function needsLink(proposal: IDataObject): boolean {
	return proposal.url_expired === true || typeof proposal.url !== 'string' || proposal.url === '';
}

export const getWebProposal: AuroraOperation = {
	name: 'Get',
	value: 'get',
	action: 'Get the web proposal of a design',
	description: "Retrieve a design's web proposal link for the homeowner, and whether it expired",
	properties: [
		optionalDesignProjectLocator,
		designIdLocator,
		{
			displayName: 'Generate If Expired',
			name: 'generateIfExpired',
			type: 'boolean',
			default: false,
			description: 'Whether to generate a new link when the design has none or it expired, and return that one',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const designId = readId.call(this, designIdLocator, itemIndex);
		const proposal = await auroraRequestOne.call(
			this,
			{ method: 'GET', path: webProposal.path(designId), subject: objectSubject(webProposal, designId), itemIndex },
			webProposal.envelope,
		);
		if (!needsLink(proposal) || !this.getNodeParameter('generateIfExpired', itemIndex, false)) return proposal;
		return await generateWebProposalUrl.call(this, designId, itemIndex);
	},
};
