import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../common/locators';
import { projectIdLocator } from '../project/locators';

export const requestProjectLocator: INodeProperties = { ...projectIdLocator, description: 'The project the design request is for' };

export const designRequestIdLocator: INodeProperties = idLocator({
	name: 'designRequestId',
	displayName: 'Design Request',
	searchMethod: 'searchDesignRequests',
	placeholderName: 'design request',
	description: 'The design request. To pick it From List, choose the Project first.',
});

/** Only used to fill the design request list; the request itself needs just the design request ID. */
export const optionalRequestProjectLocator: INodeProperties = {
	...requestProjectLocator,
	required: false,
	description: 'Used only to list design requests for the Design Request field below; not needed when you enter it By ID',
};
