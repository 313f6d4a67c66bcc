/**
 * Consumption profile, one per project: retrieve (404 "Consumption profile is not filled out"
 * when the project has none, as Aurora documents) and update via PUT, which also creates it.
 * Whether Aurora's PUT answers the profile or nothing is unknown, hence consumptionProfilePutAnswer.
 */
import { applyConsumption, consumptionProfileView, parseConsumptionInput } from '../consumption-profile';
import type { ApiRoute } from '../context';
import { HttpError, unwrap } from '../http';
import { findProject } from './projects';

export const consumptionProfileRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/projects/:id/consumption_profile',
		handler: (ctx, { id }) => {
			findProject(ctx, id);
			const profile = ctx.tenant.consumptionProfiles.get(id);
			if (!profile) throw new HttpError(404, 'Consumption profile is not filled out');
			return { status: 200, body: { consumption_profile: consumptionProfileView(profile) } };
		},
	},
	{
		method: 'PUT',
		pattern: '/projects/:id/consumption_profile',
		handler: (ctx, { id }) => {
			findProject(ctx, id);
			const input = parseConsumptionInput(unwrap(ctx.body, 'consumption_profile', true));
			const profile = applyConsumption(ctx.tenant.consumptionProfiles.get(id), id, input, ctx.now);
			ctx.tenant.consumptionProfiles.set(id, profile);
			// Every accepted PUT counts as a change, even one that repeats the stored values (invented).
			ctx.deliveries.emit(ctx.tenant.id, 'consumption_profile_changed', { PROJECT_ID: id });
			if (ctx.config.consumptionProfilePutAnswer === 'empty') return { status: 204 };
			return { status: 200, body: { consumption_profile: consumptionProfileView(profile) } };
		},
	},
];
