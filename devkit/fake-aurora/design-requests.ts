/**
 * Design requests: a request for Aurora's design team to build a roof model for a project.
 * Life cycle in the fake: pending → completed (the team finished; admin call or
 * autoCompleteDesignRequestsAfterMs) or rejected (admin call); completed → accepted (API), which
 * puts a new design into the project. Aurora documents accept; the rest of the cycle is modelled
 * on its tutorial and integrations, and the 422 answers are invented.
 */
import { randomUUID } from 'node:crypto';
import type { FakeParts } from './context';
import { fakeDesign } from './fake-data';
import { HttpError } from './http';
import type { TenantState } from './store';
import type { DesignRequest } from './types';

/** Filled in by the fake, never taken from a request. */
const COMPUTED = ['id', 'status', 'design_id', 'created_at', 'updated_at'];
/** Optional free-text fields a create call may send. */
const TEXT_FIELDS = ['notes', 'instructions'];

/** Builds a pending request from the inner object of `{"design_request": {...}}`. */
export function buildDesignRequest(tenant: TenantState, input: Record<string, unknown>, now: string): DesignRequest {
	const projectId = input.project_id;
	// An unknown project, including another tenant's, is a payload error here: the path itself exists.
	if (typeof projectId !== 'string' || !tenant.projects.has(projectId)) {
		throw new HttpError(422, 'design_request.project_id is missing or not a project of this tenant');
	}
	for (const key of TEXT_FIELDS) {
		const v = input[key];
		if (v !== undefined && v !== null && typeof v !== 'string') throw new HttpError(422, `design_request.${key} must be a string`);
	}
	const extra: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(input)) {
		if (!COMPUTED.includes(key) && key !== 'project_id' && key !== 'notes') extra[key] = value;
	}
	return {
		id: randomUUID(),
		project_id: projectId,
		status: 'pending',
		notes: typeof input.notes === 'string' ? input.notes : null,
		design_id: null,
		created_at: now,
		updated_at: now,
		extra,
	};
}

export function designRequestView(r: DesignRequest): Record<string, unknown> {
	const { extra, ...named } = r;
	return { ...extra, ...named };
}

/**
 * Completes or rejects a pending request, as Aurora's design team would, and fires
 * design_request_completed / design_request_rejected. 409 when it is not pending.
 */
export function finishDesignRequest(
	parts: Pick<FakeParts, 'deliveries'>,
	tenant: TenantState,
	id: string,
	outcome: 'completed' | 'rejected',
	now: string,
): DesignRequest {
	const before = tenant.designRequests.get(id);
	if (!before) throw new HttpError(404, 'Not Found');
	if (before.status !== 'pending') throw new HttpError(409, `design request is ${before.status}, not pending`);
	const after: DesignRequest = { ...before, status: outcome, updated_at: now };
	tenant.designRequests.set(id, after);
	parts.deliveries.emit(tenant.id, `design_request_${outcome}`, { DESIGN_REQUEST_ID: id, STATUS: outcome });
	return after;
}

/** With autoCompleteDesignRequestsAfterMs set, a new request completes on its own, like a design team that is quick. */
export function scheduleAutoComplete(parts: Pick<FakeParts, 'deliveries' | 'timers' | 'config'>, tenant: TenantState, id: string): void {
	const delay = parts.config.autoCompleteDesignRequestsAfterMs;
	if (delay <= 0) return;
	parts.timers.after(delay, () => {
		// Rejected or completed by hand in the meantime, or gone after a reset: nothing to do.
		if (tenant.designRequests.get(id)?.status !== 'pending') return;
		finishDesignRequest(parts, tenant, id, 'completed', new Date().toISOString());
	});
}

/** Accept Design Request: only a completed request; it becomes accepted and gets a new design. */
export function acceptDesignRequest(tenant: TenantState, request: DesignRequest, now: string): DesignRequest {
	if (request.status === 'accepted') throw new HttpError(422, 'Design request is already accepted');
	if (request.status !== 'completed') throw new HttpError(422, 'Design request is not completed');
	const design = fakeDesign(request.project_id, now);
	const siblings = Array.from(tenant.designs.values()).filter((d) => d.project_id === request.project_id).length;
	design.name = `Design ${siblings + 1}`;
	tenant.designs.set(design.id, design);
	const after: DesignRequest = { ...request, status: 'accepted', design_id: design.id, updated_at: now };
	tenant.designRequests.set(request.id, after);
	return after;
}
