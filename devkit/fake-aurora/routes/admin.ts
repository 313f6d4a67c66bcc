/**
 * Admin routes that create or change Aurora-side data the way the Aurora app would (Lead
 * Capture AI leads, app-made projects and designs) and fire events by hand. No auth: the admin
 * API exists only on the fake. Operational routes (faults, logs, config) are in admin-ops.ts.
 */
import { randomUUID } from 'node:crypto';
import { seededConsumptionProfile } from '../consumption-profile';
import type { AdminRoute } from '../context';
import { fakeDesign, fakePerson } from '../fake-data';
import { HttpError, isRecord } from '../http';
import { buildLead, buildProject, mergeLead, parseLeadPatch, seedLeads } from '../model';
import type { EventAttributes } from '../types';
import { parseWebhookInput } from '../webhook-subscriptions';
import { body, tenantFrom } from './admin-input';
import { opsRoutes } from './admin-ops';
import { salesAdminRoutes } from './admin-sales';

const PATCHABLE: readonly string[] = ['event', 'url_template', 'description', 'enabled', 'header_auth_key', 'header_auth_value'];

/** `createdAt` (ISO) backdates a lead: one that existed long before a workflow was activated. */
function createdAt(b: Record<string, unknown>, now: string): string {
	if (b.createdAt === undefined) return now;
	if (typeof b.createdAt !== 'string' || Number.isNaN(Date.parse(b.createdAt))) throw new HttpError(400, 'createdAt must be an ISO date');
	return new Date(b.createdAt).toISOString();
}

function parseAttributes(input: unknown): EventAttributes {
	if (input === undefined) return {};
	if (!isRecord(input)) throw new HttpError(400, 'attributes must be an object');
	for (const [key, value] of Object.entries(input)) {
		if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
			throw new HttpError(400, `attribute ${key} must be a string, number, boolean or null`);
		}
	}
	return input as EventAttributes;
}

const dataRoutes: AdminRoute[] = [
	{
		method: 'POST',
		pattern: '/leads',
		handler: (ctx) => {
			const b = body(ctx);
			const tenant = tenantFrom(ctx, b.tenantId);
			const lead = buildLead(parseLeadPatch(b.lead), createdAt(b, ctx.now));
			tenant.leads.set(lead.id, lead);
			ctx.deliveries.emit(tenant.id, 'lead_created', { LEAD_ID: lead.id });
			return { status: 200, body: { lead } };
		},
	},
	{
		method: 'POST',
		pattern: '/leads/seed',
		handler: (ctx) => {
			const b = body(ctx);
			const tenant = tenantFrom(ctx, b.tenantId);
			const count = b.count;
			if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000) {
				throw new HttpError(400, 'count must be an integer between 0 and 1000000');
			}
			seedLeads(tenant, count, createdAt(b, ctx.now));
			return { status: 200, body: { created: count } };
		},
	},
	{
		method: 'PATCH',
		pattern: '/leads/:id',
		handler: (ctx, { id }) => {
			const found = ctx.store.findLead(id);
			if (!found) throw new HttpError(404, 'Not Found');
			const lead = mergeLead(found.lead, parseLeadPatch(ctx.body));
			found.tenant.leads.set(id, lead);
			ctx.deliveries.emit(found.tenant.id, 'lead_changed', { LEAD_ID: id });
			return { status: 200, body: { lead } };
		},
	},
	{
		method: 'POST',
		pattern: '/projects',
		handler: (ctx) => {
			const b = body(ctx);
			const tenant = tenantFrom(ctx, b.tenantId);
			if (b.project !== undefined && !isRecord(b.project)) throw new HttpError(400, 'project must be an object');
			const p = fakePerson();
			const base = {
				name: `${p.firstName} ${p.lastName}`,
				customer_first_name: p.firstName,
				customer_last_name: p.lastName,
				customer_email: p.email,
				customer_phone: p.phone,
				mailing_address: p.mailingAddress,
				property_address: p.address,
				location: { property_address: p.address, latitude: p.latitude, longitude: p.longitude },
			};
			const project = buildProject(b.project ?? {}, ctx.now, base);
			tenant.projects.set(project.id, project);
			// `consumptionProfile: true` stands for a homeowner whose bills were already entered in the app.
			if (b.consumptionProfile === true) {
				tenant.consumptionProfiles.set(project.id, seededConsumptionProfile(project.id, Math.round(80 + Math.random() * 270), ctx.now));
			}
			// Projects made here stand for projects made in the Aurora app, hence SOURCE=app.
			if (b.fire === true) ctx.deliveries.emit(tenant.id, 'project_created', { PROJECT_ID: project.id, SOURCE: 'app' });
			return { status: 200, body: { project } };
		},
	},
	{
		method: 'POST',
		pattern: '/designs',
		handler: (ctx) => {
			const b = body(ctx);
			const found = typeof b.projectId === 'string' ? ctx.store.findProject(b.projectId) : undefined;
			if (!found) throw new HttpError(404, 'projectId is missing or unknown');
			const input = isRecord(b.design) ? b.design : {};
			const size = typeof input.system_size_stc === 'number' ? input.system_size_stc : undefined;
			const design = fakeDesign(found.project.id, ctx.now, size);
			if (typeof input.name === 'string') design.name = input.name;
			if (typeof input.external_provider_id === 'string') design.external_provider_id = input.external_provider_id;
			if (typeof input.milestone === 'string') design.milestone = { milestone: input.milestone };
			found.tenant.designs.set(design.id, design);
			const attrs = { PROJECT_ID: found.project.id, DESIGN_ID: design.id };
			if (b.fire === true) ctx.deliveries.emit(found.tenant.id, 'design_created', { ...attrs, SOURCE: 'app' });
			if (typeof b.fire === 'string') ctx.deliveries.emit(found.tenant.id, b.fire, { ...attrs, JOB_ID: randomUUID(), STATUS: 'succeeded' });
			return { status: 200, body: { design } };
		},
	},
	{
		method: 'POST',
		pattern: '/fire',
		handler: (ctx) => {
			const b = body(ctx);
			const tenant = tenantFrom(ctx, b.tenantId);
			if (typeof b.event !== 'string' || b.event === '') throw new HttpError(400, 'event must be a non-empty string');
			const matched = ctx.deliveries.fire(tenant.id, b.event, parseAttributes(b.attributes), true);
			return { status: 200, body: { deliveries: matched } };
		},
	},
	{
		method: 'GET',
		pattern: '/subscriptions',
		handler: (ctx) => {
			const tenantId = typeof ctx.query.tenantId === 'string' ? ctx.query.tenantId : undefined;
			const subscriptions = Array.from(ctx.store.tenants.values())
				.filter((t) => tenantId === undefined || t.id === tenantId)
				.flatMap((t) => Array.from(t.webhooks.values()).map((s) => ({ ...s, tenant_id: t.id })));
			return { status: 200, body: { subscriptions } };
		},
	},
	{
		// Changes a subscription behind the client's back: Aurora auto-disabling it, or someone in the dashboard.
		method: 'PATCH',
		pattern: '/subscriptions/:id',
		handler: (ctx, { id }) => {
			const found = ctx.store.findSubscription(id);
			if (!found) throw new HttpError(404, 'Not Found');
			const patch = body(ctx);
			const unknown = Object.keys(patch).filter((key) => !PATCHABLE.includes(key));
			if (unknown.length > 0) throw new HttpError(400, `unknown subscription field(s): ${unknown.join(', ')}`);
			let input: ReturnType<typeof parseWebhookInput>;
			try {
				input = parseWebhookInput(patch, false);
			} catch (err) {
				throw err instanceof HttpError ? new HttpError(400, err.message) : err;
			}
			const subscription = { ...found.webhook, ...input };
			found.tenant.webhooks.set(id, subscription);
			return { status: 200, body: { subscription: { ...subscription, tenant_id: found.tenant.id } } };
		},
	},
	{
		method: 'DELETE',
		pattern: '/subscriptions/:id',
		handler: (ctx, { id }) => {
			const found = ctx.store.findSubscription(id);
			if (!found) throw new HttpError(404, 'Not Found');
			found.tenant.webhooks.delete(id);
			return { status: 204 };
		},
	},
];

export const adminRoutes: AdminRoute[] = [...dataRoutes, ...salesAdminRoutes, ...opsRoutes];
