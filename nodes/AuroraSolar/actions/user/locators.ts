import { idLocator } from '../common/locators';

export const userIdLocator = idLocator({
	name: 'userId',
	displayName: 'User',
	searchMethod: 'searchUsers',
	placeholderName: 'user',
});
