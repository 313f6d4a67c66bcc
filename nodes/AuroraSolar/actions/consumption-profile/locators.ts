import { projectIdLocator } from '../project/locators';

/** A consumption profile is one per project, so the project is what names it. */
export const profileProjectLocator = { ...projectIdLocator, description: 'The project whose consumption profile to use (a project has at most one)' };
