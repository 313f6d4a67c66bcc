import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyProperty } from '../common/parameters';
import { simplifyLead } from '../common/simplify';

export const getManyLeads = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many leads', description: 'List leads' },
	{ after: [simplifyProperty], list: () => ({ path: '/leads' }), key: 'leads', output: simplifiedBy(simplifyLead) },
);
