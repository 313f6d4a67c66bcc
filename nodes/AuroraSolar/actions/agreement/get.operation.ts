import { AURORA_OBJECTS, objectSubject } from '../../objects';
import { simplifyProperty } from '../common/parameters';
import { getOneOperation, simplifiedBy } from '../common/read-operations';
import { simplifyAgreement } from '../common/simplify';
import { agreementIdLocator, optionalAgreementProjectLocator } from './locators';

const agreement = AURORA_OBJECTS.agreement;

export const getAgreement = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get an agreement', description: 'Retrieve an agreement by ID, with its status' },
	{
		locator: agreementIdLocator,
		properties: [optionalAgreementProjectLocator, agreementIdLocator, simplifyProperty],
		path: agreement.path,
		subject: (id) => objectSubject(agreement, id),
		key: agreement.envelope,
		output: simplifiedBy(simplifyAgreement),
	},
);
