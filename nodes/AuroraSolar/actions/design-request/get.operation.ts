import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { simplifyProperty } from '../common/parameters';
import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyDesignRequest } from '../common/simplify';
import { designRequestIdLocator, optionalRequestProjectLocator } from './locators';

const designRequest = AURORA_OBJECTS.designRequest;

export const getDesignRequest = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a design request', description: 'Retrieve a design request by ID, with its status' },
	{
		locator: designRequestIdLocator,
		properties: [optionalRequestProjectLocator, designRequestIdLocator, simplifyProperty],
		path: designRequest.path,
		subject: (id) => objectSubject(designRequest, id),
		key: designRequest.envelope,
		output: simplifiedBy(simplifyDesignRequest),
	},
);
