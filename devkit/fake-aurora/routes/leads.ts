/**
 * Leads (deprecated by Aurora, still served here): list, retrieve, convert to project.
 * Retrieve answers a bare lead object by default, as in Aurora's tutorial; `leadEnvelope:
 * 'wrapped'` switches to `{"lead": {...}}` so clients can be tested against both readings.
 */
import { seededConsumptionProfile } from '../consumption-profile';
import type { ApiContext, ApiRoute } from '../context';
import { fakeDesign } from '../fake-data';
import { HttpError, unwrap } from '../http';
import { buildProject, projectBaseFromLead } from '../model';
import { paginate } from '../paging';
import { byCreatedAt } from '../store';
import type { Lead } from '../types';

function findLead(ctx: ApiContext, id: string): Lead {
	const lead = ctx.tenant.leads.get(id);
	if (!lead) throw new HttpError(404, 'Not Found');
	return lead;
}

export const leadRoutes: ApiRoute[] = [
	{
		method: 'GET',
		pattern: '/leads',
		handler: (ctx) => ({ status: 200, body: { leads: paginate(byCreatedAt(ctx.tenant.leads), ctx.query, ctx.config) } }),
	},
	{
		method: 'GET',
		pattern: '/leads/:id',
		handler: (ctx, { id }) => {
			const lead = findLead(ctx, id);
			return { status: 200, body: ctx.config.leadEnvelope === 'wrapped' ? { lead } : lead };
		},
	},
	{
		method: 'POST',
		pattern: '/leads/:id/convert',
		handler: (ctx, { id }) => {
			const lead = findLead(ctx, id);
			if (lead.project_id !== null) throw new HttpError(409, 'Lead already converted');
			const overrides = unwrap(ctx.body, 'project', false);
			const project = buildProject(overrides, ctx.now, projectBaseFromLead(lead));
			ctx.tenant.projects.set(project.id, project);
			// Aurora says the project inherits the lead's design; model that as a design sized like the lead's system.
			if (lead.system_size_stc > 0) {
				const design = fakeDesign(project.id, ctx.now, lead.system_size_stc);
				ctx.tenant.designs.set(design.id, design);
			}
			// Lead Capture asked for the homeowner's monthly bill, so the project starts with a filled-in
			// consumption profile (invented: a year of bills around that average).
			if (lead.monthly_average_bill > 0) {
				ctx.tenant.consumptionProfiles.set(project.id, seededConsumptionProfile(project.id, lead.monthly_average_bill, ctx.now));
			}
			ctx.tenant.leads.set(lead.id, { ...lead, project_id: project.id });
			ctx.deliveries.emit(ctx.tenant.id, 'lead_converted', { LEAD_ID: lead.id, PROJECT_ID: project.id });
			return { status: 200, body: { project } };
		},
	},
];
