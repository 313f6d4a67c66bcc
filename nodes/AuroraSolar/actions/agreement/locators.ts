import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../common/locators';
import { projectIdLocator } from '../project/locators';

export const agreementProjectLocator: INodeProperties = { ...projectIdLocator, description: 'The project whose agreements to list' };

export const agreementIdLocator: INodeProperties = idLocator({
	name: 'agreementId',
	displayName: 'Agreement',
	searchMethod: 'searchAgreements',
	placeholderName: 'agreement',
	description: 'The agreement. To pick it From List, choose the Project first.',
});

/** Only used to fill the agreement list; the request itself needs just the agreement ID. */
export const optionalAgreementProjectLocator: INodeProperties = {
	...agreementProjectLocator,
	required: false,
	description: 'Used only to list agreements for the Agreement field below; not needed when you enter it By ID',
};
