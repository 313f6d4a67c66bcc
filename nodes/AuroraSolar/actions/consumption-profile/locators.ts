import { idLocator } from '../common/locators';

/** A consumption profile is one per project, so the project is what names it. */
export const profileProjectLocator = idLocator({
	name: 'projectId',
	displayName: 'Project',
	searchMethod: 'searchProjects',
	placeholderName: 'project',
	description: 'The project whose consumption profile to use (a project has at most one)',
});
