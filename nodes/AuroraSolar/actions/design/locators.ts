import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../common/locators';

/** Aurora lists designs only per project, so the project also feeds the design list. */
export const designProjectLocator: INodeProperties = idLocator({
	name: 'projectId',
	displayName: 'Project',
	searchMethod: 'searchProjects',
	placeholderName: 'project',
	description: 'The project whose designs to list',
});

export const designIdLocator: INodeProperties = idLocator({
	name: 'designId',
	displayName: 'Design',
	searchMethod: 'searchDesigns',
	placeholderName: 'design',
	description: 'The design. To pick it From List, choose the Project first.',
});

/** Only used to fill the design list; the request itself needs just the design ID. */
export const optionalDesignProjectLocator: INodeProperties = {
	...designProjectLocator,
	required: false,
	description: 'Used only to list designs for the Design field below; not needed when you enter the design By ID',
};
