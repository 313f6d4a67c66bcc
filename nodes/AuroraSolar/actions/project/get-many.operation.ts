import { getManyOperation, simplifiedBy } from '../common/read-operations';
import { simplifyProperty } from '../common/parameters';
import { simplifyProject } from '../common/simplify';

export const getManyProjects = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many projects', description: 'List projects' },
	{ after: [simplifyProperty], list: () => ({ path: '/projects' }), key: 'projects', output: simplifiedBy(simplifyProject) },
);
