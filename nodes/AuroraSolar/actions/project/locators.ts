import { idLocator } from '../common/locators';

export const projectIdLocator = idLocator({
	name: 'projectId',
	displayName: 'Project',
	searchMethod: 'searchProjects',
	placeholderName: 'project',
});
