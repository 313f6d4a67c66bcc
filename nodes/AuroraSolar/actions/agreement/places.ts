import type { IDataObject } from 'n8n-workflow';

import type { ListPlace } from '../../transport/paginate';
import { naming } from '../common/list-places';

/**
 * Where a project's agreements are listed: the project's own path ([G]) first, then the tenant-wide
 * list filtered by project (undocumented; its filter is checked again here). `statuses`, when given,
 * keeps only agreements in one of them; Aurora documents no status filter, so it is applied here.
 */
export function agreementPlaces(projectId: string, statuses: string[] = []): ListPlace[] {
	const subject = `Project "${projectId}"`;
	const inStatus = (item: IDataObject) => statuses.length === 0 || statuses.includes(String(item.status));
	const ofProject = naming('project_id', projectId);
	return [
		{ path: `/projects/${encodeURIComponent(projectId)}/agreements`, subject, keep: inStatus },
		{ path: '/agreements', qs: { project_id: projectId }, subject, keep: (item) => ofProject(item) && inStatus(item) },
	];
}
