import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { auroraRequestOne } from '../../transport/request';

const webProposal = AURORA_OBJECTS.webProposal;

/** `POST /designs/{id}/web_proposal/generate_url` ([D] Aurora's proposals reference): a new link, which Aurora announces with web_proposal_url_created. */
export async function generateWebProposalUrl(this: IExecuteFunctions, designId: string, itemIndex: number): Promise<IDataObject> {
	return await auroraRequestOne.call(
		this,
		{
			method: 'POST',
			path: `${webProposal.path(designId)}/generate_url`,
			subject: objectSubject(AURORA_OBJECTS.design, designId),
			itemIndex,
			// A second link may replace the first one a homeowner was already sent: a lost answer is checked, not sent again.
			creates: { what: 'web proposal link', check: 'get the current link with Web Proposal → Get before you generate another.' },
		},
		webProposal.envelope,
	);
}
