/**
 * Design requests and agreements have no documented list endpoint. The fake serves one of two
 * guesses, chosen by config, and answers the other with the plain 404 of an unknown path, so a
 * client's fallback from one to the other can be tested.
 */
import type { ApiContext } from '../context';
import { firstValue, HttpError } from '../http';
import { paginate } from '../paging';
import type { ListLocation } from '../types';
import { findProject } from './projects';

interface ProjectOwned {
	project_id: string;
	created_at: string;
}

/**
 * The page of `items` a list call asks for. `via` is the path used: `project` (with the project
 * id from the path; unknown project 404) or `tenant` (optional `?project_id=` filter; an unknown
 * id there just matches nothing).
 */
export function listBy<T extends ProjectOwned>(
	ctx: ApiContext,
	servedAt: ListLocation,
	via: ListLocation,
	items: readonly T[],
	projectId?: string,
): T[] {
	if (servedAt !== via) throw new HttpError(404, 'Not Found');
	const filter = via === 'project' ? projectId : firstValue(ctx.query.project_id);
	if (via === 'project' && projectId !== undefined) findProject(ctx, projectId);
	const matching = filter === undefined || filter === '' ? items : items.filter((item) => item.project_id === filter);
	return paginate(matching, ctx.query, ctx.config);
}
