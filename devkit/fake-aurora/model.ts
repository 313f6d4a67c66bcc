/**
 * Building and changing leads and projects from loosely typed JSON input.
 * Project input accepts both the 2022.09 names (address, latitude, longitude, customer_address)
 * and the 2024.05 names (property_address, location{...}, mailing_address); output always uses
 * the 2024.05 shape, since that is what a key on the current API version gets back.
 */
import { randomUUID } from 'node:crypto';
import { fakeLead } from './fake-data';
import { HttpError, isRecord } from './http';
import type { TenantState } from './store';
import type { Lead, LeadPatch, Project, ProjectLocation } from './types';

/** Invented: Aurora's default project status is not documented (statuses are tenant-configurable). */
export const DEFAULT_PROJECT_STATUS = 'In Progress';

type ProjectPatch = Partial<Omit<Project, 'id' | 'created_at' | 'location'>> & { location?: Partial<ProjectLocation> };

const STRING_FIELDS = [
	'external_provider_id',
	'name',
	'customer_salutation',
	'customer_first_name',
	'customer_last_name',
	'customer_email',
	'customer_phone',
	'project_type',
	'owner_id',
	'status',
] as const;

function str(input: Record<string, unknown>, key: string, where = 'project'): string | null | undefined {
	const v = input[key];
	if (v === undefined) return undefined;
	if (v === null || typeof v === 'string') return v;
	throw new HttpError(422, `${where}.${key} must be a string`);
}

function num(input: Record<string, unknown>, key: string, where = 'project'): number | null | undefined {
	const v = input[key];
	if (v === undefined) return undefined;
	if (v === null || (typeof v === 'number' && Number.isFinite(v))) return v;
	throw new HttpError(422, `${where}.${key} must be a number`);
}

/** Only the fields present in `input`, type-checked, mapped to 2024.05 names. */
export function parseProjectInput(input: Record<string, unknown>): ProjectPatch {
	const patch: ProjectPatch = {};
	for (const key of STRING_FIELDS) {
		const v = str(input, key);
		if (v === undefined) continue;
		if (v === null && (key === 'name' || key === 'project_type' || key === 'status')) {
			throw new HttpError(422, `project.${key} must not be null`);
		}
		(patch as Record<string, unknown>)[key] = v;
	}
	const mailing = str(input, 'mailing_address') ?? str(input, 'customer_address');
	if (mailing !== undefined) patch.mailing_address = mailing;

	const loc = input.location;
	if (loc !== undefined && loc !== null && !isRecord(loc)) throw new HttpError(422, 'project.location must be an object');
	const locIn = isRecord(loc) ? loc : {};
	const address = str(input, 'property_address') ?? str(input, 'address') ?? str(locIn, 'property_address', 'project.location');
	const latitude = num(locIn, 'latitude', 'project.location') ?? num(input, 'latitude');
	const longitude = num(locIn, 'longitude', 'project.location') ?? num(input, 'longitude');
	const location: Partial<ProjectLocation> = {};
	if (address !== undefined) {
		patch.property_address = address;
		location.property_address = address;
	}
	if (latitude !== undefined) location.latitude = latitude;
	if (longitude !== undefined) location.longitude = longitude;
	if (Object.keys(location).length > 0) patch.location = location;

	const tags = input.tags;
	if (tags !== undefined) {
		if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
			throw new HttpError(422, 'project.tags must be an array of strings');
		}
		patch.tags = tags as string[];
	}
	return patch;
}

export function applyProjectPatch(project: Project, patch: ProjectPatch): Project {
	const { location, ...rest } = patch;
	return { ...project, ...rest, location: { ...project.location, ...location } };
}

/** Creates a project; 422 unless it has an address or a latitude/longitude pair (Aurora's create rule). */
export function buildProject(input: Record<string, unknown>, now: string, base: Partial<Project> = {}): Project {
	const empty: Project = {
		id: randomUUID(),
		external_provider_id: null,
		name: '',
		customer_salutation: null,
		customer_first_name: null,
		customer_last_name: null,
		mailing_address: null,
		customer_email: null,
		customer_phone: null,
		property_address: null,
		location: { property_address: null, latitude: null, longitude: null },
		project_type: 'residential',
		owner_id: null,
		status: DEFAULT_PROJECT_STATUS,
		tags: [],
		created_at: now,
	};
	const project = applyProjectPatch({ ...empty, ...base, id: empty.id, created_at: now }, parseProjectInput(input));
	const hasAddress = typeof project.property_address === 'string' && project.property_address.trim() !== '';
	const hasCoords = typeof project.location.latitude === 'number' && typeof project.location.longitude === 'number';
	if (!hasAddress && !hasCoords) {
		throw new HttpError(422, 'project requires an address (property_address) or latitude and longitude');
	}
	if (project.name === '') {
		project.name = project.property_address ?? `${project.location.latitude}, ${project.location.longitude}`;
	}
	return project;
}

/** What a converted lead hands down to its project (per Aurora's Convert Lead page). */
export function projectBaseFromLead(lead: Lead): Partial<Project> {
	const c = lead.customer;
	const fullName = [c.customer_first_name, c.customer_last_name].filter(Boolean).join(' ');
	return {
		name: fullName || lead.address || '',
		customer_first_name: c.customer_first_name,
		customer_last_name: c.customer_last_name,
		customer_email: c.customer_email,
		customer_phone: c.customer_phone,
		mailing_address: c.customer_address,
		property_address: lead.address,
		location: { property_address: lead.address, latitude: lead.latitude, longitude: lead.longitude },
	};
}

const LEAD_KEYS: ReadonlyArray<keyof Lead> = [
	'address',
	'project_id',
	'latitude',
	'longitude',
	'monthly_average_bill',
	'system_size_stc',
	'annual_production',
	'module_count',
	'template_id',
	'template_name',
	'created_at',
];

/** Parses an admin lead patch, keeping known keys only (typos should not create stray fields). */
export function parseLeadPatch(input: unknown): LeadPatch {
	if (input === undefined || input === null) return {};
	if (!isRecord(input)) throw new HttpError(400, 'lead must be a JSON object');
	const patch: Record<string, unknown> = {};
	for (const key of LEAD_KEYS) if (input[key] !== undefined) patch[key] = input[key];
	if (input.customer !== undefined) {
		if (!isRecord(input.customer)) throw new HttpError(400, 'lead.customer must be an object');
		patch.customer = { ...input.customer };
	}
	return patch as LeadPatch;
}

export function mergeLead(lead: Lead, patch: LeadPatch): Lead {
	const { customer, ...rest } = patch;
	return { ...lead, ...rest, id: lead.id, customer: { ...lead.customer, ...customer } };
}

/** A lead the way Lead Capture AI would create it, with any given fields on top. */
export function buildLead(patch: LeadPatch, now: string): Lead {
	return mergeLead(fakeLead(now), patch);
}

/** Bulk leads without events (volume for paging and benchmarks). */
export function seedLeads(tenant: TenantState, count: number, now: string): void {
	for (let i = 0; i < count; i++) {
		const lead = fakeLead(now);
		tenant.leads.set(lead.id, lead);
	}
}
