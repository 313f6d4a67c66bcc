import { defineResource } from '../common/operation';
import { getAgreement } from './get.operation';
import { getManyAgreements } from './get-many.operation';

export const agreementResource = defineResource({
	name: 'Agreement',
	value: 'agreement',
	defaultOperation: 'get',
	operations: [getAgreement, getManyAgreements],
});
