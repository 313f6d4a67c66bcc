import { defineResource } from '../common/operation';
import { getUser } from './get.operation';
import { getManyUsers } from './get-many.operation';

export const userResource = defineResource({
	name: 'User',
	value: 'user',
	defaultOperation: 'get',
	operations: [getUser, getManyUsers],
});
