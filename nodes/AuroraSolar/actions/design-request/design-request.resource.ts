import { defineResource } from '../common/operation';
import { acceptDesignRequest } from './accept.operation';
import { createDesignRequest } from './create.operation';
import { getDesignRequest } from './get.operation';
import { getManyDesignRequests } from './get-many.operation';

export const designRequestResource = defineResource({
	name: 'Design Request',
	value: 'designRequest',
	defaultOperation: 'get',
	operations: [createDesignRequest, getDesignRequest, getManyDesignRequests, acceptDesignRequest],
});
