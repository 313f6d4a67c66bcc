import type { ListPlace } from '../../transport/paginate';
import { naming } from '../common/list-places';

/**
 * Where a project's design requests are listed. Aurora documents no list; the project's own path is
 * tried first, then the tenant-wide list filtered by project (whose filter is checked again here).
 */
export function designRequestPlaces(projectId: string): ListPlace[] {
	const subject = `Project "${projectId}"`;
	return [
		{ path: `/projects/${encodeURIComponent(projectId)}/design_requests`, subject },
		{ path: '/design_requests', qs: { project_id: projectId }, subject, keep: naming('project_id', projectId) },
	];
}
