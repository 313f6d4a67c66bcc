/**
 * Plausible fake homeowner data, the kind Lead Capture AI produces when someone fills in the
 * solar savings widget. Phone numbers use the fictional 555-01xx range and emails use
 * example.com so that nothing generated here can reach a real person.
 */
import { randomUUID } from 'node:crypto';
import type { DesignArray, DesignAsset, DesignRecord, DesignRoof, Lead } from './types';

const FIRST_NAMES = ['Jane', 'Carlos', 'Priya', 'Michael', 'Aisha', 'Tom', 'Mei', 'Daniel', 'Sofia', 'Kwame', 'Laura', 'Ethan', 'Fatima', 'Noah', 'Grace', 'Diego'];
const LAST_NAMES = ['Doe', 'Garcia', 'Patel', 'Johnson', 'Okafor', 'Nguyen', 'Smith', 'Kim', 'Rossi', 'Mensah', 'Miller', 'Brown', 'Haddad', 'Wilson', 'Lee', 'Lopez'];
const STREETS = ['Brannan St', 'Oak Ave', 'Maple Dr', 'Sunset Blvd', 'Cedar Ln', 'Mission St', 'Elm St', 'Pine Ct', 'Lakeview Rd', 'Hillcrest Way'];

/** Centre points of sunny US cities; leads are scattered a few km around them. */
const CITIES: ReadonlyArray<{ city: string; state: string; zip: string; lat: number; lng: number; area: string }> = [
	{ city: 'San Francisco', state: 'CA', zip: '94107', lat: 37.7796, lng: -122.3953, area: '415' },
	{ city: 'Sacramento', state: 'CA', zip: '95814', lat: 38.5816, lng: -121.4944, area: '916' },
	{ city: 'Phoenix', state: 'AZ', zip: '85004', lat: 33.4484, lng: -112.074, area: '602' },
	{ city: 'Austin', state: 'TX', zip: '78701', lat: 30.2672, lng: -97.7431, area: '512' },
	{ city: 'Denver', state: 'CO', zip: '80202', lat: 39.7392, lng: -104.9903, area: '303' },
	{ city: 'Tampa', state: 'FL', zip: '33602', lat: 27.9506, lng: -82.4572, area: '813' },
	{ city: 'Las Vegas', state: 'NV', zip: '89101', lat: 36.1699, lng: -115.1398, area: '702' },
	{ city: 'Raleigh', state: 'NC', zip: '27601', lat: 35.7796, lng: -78.6382, area: '919' },
];

/** Two Lead Capture templates, so filters on template can be exercised. */
export const LEAD_TEMPLATES = [
	{ id: '7c0e1b9a-2f4d-4e8b-9a1c-3d5e7f9b1a2c', name: 'Website savings calculator' },
	{ id: '9e2a4c6b-8d0f-4b1a-8c3e-5f7a9b1c3d5e', name: 'Facebook landing page' },
] as const;

function pick<T>(items: readonly T[]): T {
	return items[Math.floor(Math.random() * items.length)];
}

function between(min: number, max: number): number {
	return min + Math.random() * (max - min);
}

function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

export interface FakePerson {
	firstName: string;
	lastName: string;
	email: string;
	phone: string;
	street: string;
	/** "434 Brannan St, San Francisco, CA, 94107" — the style of Aurora's lead example. */
	address: string;
	/** "434 Brannan St, San Francisco, CA, USA" — the style of Aurora's customer_address example. */
	mailingAddress: string;
	latitude: number;
	longitude: number;
}

export function fakePerson(): FakePerson {
	const firstName = pick(FIRST_NAMES);
	const lastName = pick(LAST_NAMES);
	const place = pick(CITIES);
	const street = `${Math.floor(between(10, 9999))} ${pick(STREETS)}`;
	const suffix = Math.floor(Math.random() * 10_000);
	const line = String(Math.floor(between(100, 200))).padStart(4, '0');
	return {
		firstName,
		lastName,
		email: `${firstName}.${lastName}${suffix}@example.com`.toLowerCase(),
		phone: `(${place.area}) 555-${line}`,
		street,
		address: `${street}, ${place.city}, ${place.state}, ${place.zip}`,
		mailingAddress: `${street}, ${place.city}, ${place.state}, USA`,
		latitude: round(place.lat + between(-0.05, 0.05), 8),
		longitude: round(place.lng + between(-0.05, 0.05), 8),
	};
}

/** Module wattage used to turn system size into a module count (typical 2020s residential panel). */
const MODULE_WATTS = 400;

export function fakeLead(now: string): Lead {
	const person = fakePerson();
	const template = pick(LEAD_TEMPLATES);
	const bill = Math.round(between(80, 350));
	// Rough sizing: ~60 W of DC capacity per dollar of monthly bill, rounded to whole modules.
	const moduleCount = Math.max(6, Math.round((bill * 60) / MODULE_WATTS));
	const sizeStc = moduleCount * MODULE_WATTS;
	return {
		id: randomUUID(),
		address: person.address,
		project_id: null,
		latitude: person.latitude,
		longitude: person.longitude,
		customer: {
			customer_address: person.mailingAddress,
			customer_email: person.email,
			customer_first_name: person.firstName,
			customer_last_name: person.lastName,
			customer_phone: person.phone,
		},
		monthly_average_bill: bill,
		system_size_stc: sizeStc,
		annual_production: Math.round(sizeStc * between(1.25, 1.65)),
		module_count: moduleCount,
		template_id: template.id,
		template_name: template.name,
		created_at: now,
	};
}

/** Footprint of one 400 W module, in square metres. */
const MODULE_AREA_M2 = 1.95;

/** One roof face per array; the area adds 30 % for setbacks and gaps (invented). */
function roofsFor(arrays: DesignArray[]): DesignRoof[] {
	return arrays.map((a) => ({
		id: randomUUID(),
		pitch: a.pitch,
		azimuth: a.azimuth,
		area: round(a.module.count * MODULE_AREA_M2 * 1.3, 1),
		modules: [{ name: a.module.name, count: a.module.count, size_stc: a.size_stc }],
	}));
}

/** The files Aurora produces for a finished design (CAD export, layout picture, racking report). */
const ASSET_KINDS: ReadonlyArray<{ type: string; ext: string }> = [
	{ type: 'dxf', ext: 'dxf' },
	{ type: 'layout_screenshot', ext: 'png' },
	{ type: 'racking_document', ext: 'pdf' },
];

function assetsFor(designId: string, now: string): DesignAsset[] {
	return ASSET_KINDS.map(({ type, ext }) => {
		const id = randomUUID();
		return { id, design_id: designId, asset_type: type, url: `https://assets.example.com/designs/${designId}/${id}.${ext}`, created_at: now };
	});
}

/** Summer-heavy shape of a year's bills (air conditioning), January first; averages 1. */
const BILL_SEASON = [0.85, 0.8, 0.85, 0.9, 1.0, 1.15, 1.3, 1.3, 1.15, 0.95, 0.85, 0.9];

/** Twelve monthly bills (dollars) around an average monthly bill. */
export function fakeMonthlyBills(averageBill: number): number[] {
	return BILL_SEASON.map((f) => round(averageBill * f, 2));
}

/** Invented utility and tariff names for seeded consumption profiles. */
export const FAKE_UTILITY = { utility_name: 'Pacific Sun Electric Co. (fake)', rate_name: 'Residential TOU-D (fake)' } as const;

/** Builds a complete design record for a project; `sizeStc` in watts. */
export function fakeDesign(projectId: string, now: string, sizeStc?: number): DesignRecord {
	const moduleCount = Math.max(6, Math.round((sizeStc ?? between(4_000, 12_000)) / MODULE_WATTS));
	const stc = moduleCount * MODULE_WATTS;
	const ac = Math.round(stc * 0.86);
	const pricePerWatt = round(between(2.6, 3.4), 2);
	const id = randomUUID();
	const half = Math.ceil(moduleCount / 2);
	const moduleName = 'REC Alpha Pure-R 400';
	const arrays: DesignArray[] = [
		{ id: randomUUID(), module: { name: moduleName, count: half }, azimuth: 180, pitch: 22, size_stc: half * MODULE_WATTS },
		{ id: randomUUID(), module: { name: moduleName, count: moduleCount - half }, azimuth: 270, pitch: 22, size_stc: (moduleCount - half) * MODULE_WATTS },
	].filter((a) => a.module.count > 0);
	return {
		id,
		external_provider_id: null,
		project_id: projectId,
		name: 'Design 1',
		system_size_stc: stc,
		system_size_ac: ac,
		module_count: moduleCount,
		milestone: { milestone: 'proposal' },
		bill_of_materials: [
			{ id: randomUUID(), name: moduleName, component_type: 'modules', quantity: moduleCount },
			{ id: randomUUID(), name: 'Enphase IQ8M-72-2-US', component_type: 'microinverters', quantity: moduleCount },
			{ id: randomUUID(), name: 'IronRidge XR100 Rail', component_type: 'racking', quantity: Math.ceil(moduleCount / 3) },
		],
		arrays,
		pricing: {
			system_price: Math.round(stc * pricePerWatt),
			price_per_watt: pricePerWatt,
			base_price_per_watt: round(pricePerWatt - 0.2, 2),
			adders_total: Math.round(stc * 0.2),
			incentives_total: 0,
			currency: 'USD',
		},
		roofs: roofsFor(arrays),
		assets: assetsFor(id, now),
		created_at: now,
	};
}
