import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { getOneOperation } from '../common/read-operations';
import { profileProjectLocator } from './locators';

const profile = AURORA_OBJECTS.consumptionProfile;

export const getConsumptionProfile = getOneOperation(
	{
		name: 'Get',
		value: 'get',
		action: 'Get the consumption profile of a project',
		description: "Retrieve a project's energy usage (consumption profile). Aurora answers 404 while the profile is not filled out.",
	},
	{
		locator: profileProjectLocator,
		properties: [profileProjectLocator],
		path: profile.path,
		subject: (id) => objectSubject(profile, id),
		key: profile.envelope,
	},
);
