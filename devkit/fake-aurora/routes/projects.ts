/**
 * Projects: create (fires project_created with SOURCE=api), list, retrieve, partial update
 * via PUT (fires project_status_changed when status changes).
 */
import type { ApiContext, ApiRoute } from '../context';
import { HttpError, unwrap } from '../http';
import { applyProjectPatch, buildProject, parseProjectInput } from '../model';
import { paginate } from '../paging';
import { byCreatedAt } from '../store';
import type { Project } from '../types';

export function findProject(ctx: ApiContext, id: string): Project {
	const project = ctx.tenant.projects.get(id);
	if (!project) throw new HttpError(404, 'Not Found');
	return project;
}

export const projectRoutes: ApiRoute[] = [
	{
		method: 'POST',
		pattern: '/projects',
		handler: (ctx) => {
			const project = buildProject(unwrap(ctx.body, 'project', true), ctx.now);
			ctx.tenant.projects.set(project.id, project);
			ctx.deliveries.emit(ctx.tenant.id, 'project_created', { PROJECT_ID: project.id, SOURCE: 'api' });
			return { status: 200, body: { project } };
		},
	},
	{
		method: 'GET',
		pattern: '/projects',
		handler: (ctx) => ({ status: 200, body: { projects: paginate(byCreatedAt(ctx.tenant.projects), ctx.query, ctx.config) } }),
	},
	{
		method: 'GET',
		pattern: '/projects/:id',
		handler: (ctx, { id }) => ({ status: 200, body: { project: findProject(ctx, id) } }),
	},
	{
		method: 'PUT',
		pattern: '/projects/:id',
		handler: (ctx, { id }) => {
			const before = findProject(ctx, id);
			const after = applyProjectPatch(before, parseProjectInput(unwrap(ctx.body, 'project', true)));
			ctx.tenant.projects.set(id, after);
			if (after.status !== before.status) {
				ctx.deliveries.emit(ctx.tenant.id, 'project_status_changed', { STATUS: after.status, PROJECT_ID: id });
			}
			return { status: 200, body: { project: after } };
		},
	},
];
