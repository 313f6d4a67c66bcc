/**
 * Reading admin request bodies. Admin mistakes are the caller's bugs, so they get 400 (not the
 * API's 422) and name the field.
 */
import type { AdminContext } from '../context';
import { HttpError, isRecord } from '../http';
import type { TenantState } from '../store';

export function body(ctx: AdminContext): Record<string, unknown> {
	if (ctx.body === undefined) return {};
	if (!isRecord(ctx.body)) throw new HttpError(400, 'body must be a JSON object');
	return ctx.body;
}

/** The named tenant, or the first one when `tenantId` is absent. */
export function tenantFrom(ctx: AdminContext, tenantId: unknown): TenantState {
	if (tenantId !== undefined && typeof tenantId !== 'string') throw new HttpError(400, 'tenantId must be a string');
	const tenant = ctx.store.tenant(tenantId);
	if (!tenant) throw new HttpError(404, `unknown tenant ${String(tenantId)}`);
	return tenant;
}

export function optionalString(b: Record<string, unknown>, key: string): string | undefined {
	const v = b[key];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') throw new HttpError(400, `${key} must be a string`);
	return v;
}
