/**
 * Admin routes for the sales loop, standing in for what happens in Aurora's app and design
 * team: completing or rejecting design requests, creating agreements and moving them through
 * their statuses, expiring web proposal links. Each fires the event Aurora would.
 */
import { agreementEventAttributes, AGREEMENT_STATUSES, buildAgreement, isAgreementStatus, withStatus } from '../agreements';
import type { AdminContext, AdminRoute } from '../context';
import { designRequestView, finishDesignRequest } from '../design-requests';
import { HttpError } from '../http';
import { byCreatedAt } from '../store';
import { webProposalView } from '../web-proposals';
import { body, optionalString, tenantFrom } from './admin-input';

/** Objects of one tenant (or of all), optionally of one project, each with its tenant_id. */
function listAll<T extends { project_id: string; created_at: string }>(
	ctx: AdminContext,
	pick: (t: ReturnType<typeof tenantFrom>) => Map<string, T>,
): Array<T & { tenant_id: string }> {
	const tenantId = typeof ctx.query.tenantId === 'string' ? ctx.query.tenantId : undefined;
	const projectId = typeof ctx.query.projectId === 'string' ? ctx.query.projectId : undefined;
	return Array.from(ctx.store.tenants.values())
		.filter((t) => tenantId === undefined || t.id === tenantId)
		.flatMap((t) => byCreatedAt(pick(t)).map((item) => ({ ...item, tenant_id: t.id })))
		.filter((item) => projectId === undefined || item.project_id === projectId);
}

function finish(outcome: 'completed' | 'rejected'): AdminRoute {
	return {
		method: 'POST',
		pattern: `/design_requests/:id/${outcome === 'completed' ? 'complete' : 'reject'}`,
		handler: (ctx, { id }) => {
			const found = ctx.store.findOwned('designRequests', id);
			if (!found) throw new HttpError(404, 'Not Found');
			const request = finishDesignRequest(ctx, found.tenant, id, outcome, ctx.now);
			return { status: 200, body: { design_request: designRequestView(request) } };
		},
	};
}

function status(b: Record<string, unknown>, required: boolean) {
	if (b.status === undefined && !required) return undefined;
	if (!isAgreementStatus(b.status)) throw new HttpError(400, `status must be one of ${AGREEMENT_STATUSES.join(', ')}`);
	return b.status;
}

export const salesAdminRoutes: AdminRoute[] = [
	{
		method: 'GET',
		pattern: '/design_requests',
		handler: (ctx) => ({ status: 200, body: { design_requests: listAll(ctx, (t) => t.designRequests).map(designRequestView) } }),
	},
	finish('completed'),
	finish('rejected'),
	{
		method: 'GET',
		pattern: '/agreements',
		handler: (ctx) => ({ status: 200, body: { agreements: listAll(ctx, (t) => t.agreements) } }),
	},
	{
		// An agreement sent from the app for a project's design; `fire: true` sends agreement_status_changed.
		method: 'POST',
		pattern: '/agreements',
		handler: (ctx) => {
			const b = body(ctx);
			const projectId = optionalString(b, 'projectId');
			const designId = optionalString(b, 'designId');
			const found = projectId === undefined ? undefined : ctx.store.findProject(projectId);
			if (!found) throw new HttpError(404, 'projectId is missing or unknown');
			const design = designId === undefined ? undefined : found.tenant.designs.get(designId);
			if (!design || design.project_id !== found.project.id) throw new HttpError(404, 'designId is missing or not a design of that project');
			const agreement = buildAgreement(
				{ projectId: found.project.id, designId: design.id, financingId: optionalString(b, 'financingId'), status: status(b, false), errorMessage: optionalString(b, 'errorMessage') },
				ctx.now,
			);
			found.tenant.agreements.set(agreement.id, agreement);
			if (b.fire === true) ctx.deliveries.emit(found.tenant.id, 'agreement_status_changed', agreementEventAttributes(agreement));
			return { status: 200, body: { agreement } };
		},
	},
	{
		// The homeowner viewed, signed or declined it, or it was canceled or failed. Always fires agreement_status_changed.
		method: 'PATCH',
		pattern: '/agreements/:id',
		handler: (ctx, { id }) => {
			const found = ctx.store.findOwned('agreements', id);
			if (!found) throw new HttpError(404, 'Not Found');
			const b = body(ctx);
			const agreement = withStatus(found.item, status(b, true) ?? found.item.status, ctx.now, optionalString(b, 'errorMessage'));
			found.tenant.agreements.set(id, agreement);
			ctx.deliveries.emit(found.tenant.id, 'agreement_status_changed', agreementEventAttributes(agreement));
			return { status: 200, body: { agreement } };
		},
	},
	{
		// The link stops working (as after its lifetime, or when someone revokes it in the app). No event.
		method: 'POST',
		pattern: '/designs/:id/web_proposal/expire',
		handler: (ctx, { id }) => {
			const found = ctx.store.findOwned('designs', id);
			if (!found) throw new HttpError(404, 'Not Found');
			const link = found.tenant.webProposals.get(id);
			if (!link) throw new HttpError(409, 'this design has no web proposal url yet');
			const expired = { ...link, expired: true, expires_at: ctx.now };
			found.tenant.webProposals.set(id, expired);
			return { status: 200, body: { web_proposal: webProposalView(id, expired, ctx.now) } };
		},
	},
];
