/**
 * A project's consumption profile: validating Update Consumption Profile input and building the
 * stored profile. Aurora documents that a request carries only one of monthly_energy,
 * monthly_bill or interval_data, twelve values for the monthly ones and a year of hourly,
 * half-hourly or 15-minute readings for interval_data. How Aurora turns bills or readings into
 * monthly energy is not documented; the arithmetic here is a stand-in.
 */
import { FAKE_UTILITY, fakeMonthlyBills } from './fake-data';
import { HttpError } from './http';
import type { ConsumptionProfile } from './types';

/** Invented: the flat tariff used to turn a bill into kWh. */
export const ASSUMED_PRICE_PER_KWH = 0.25;

/** Interval readings per year Aurora accepts: hourly, half-hourly, 15-minute; each for 365 or 366 days. */
export const INTERVAL_LENGTHS: readonly number[] = [8760, 8784, 17520, 17568, 35040, 35136];

const SERIES = ['monthly_energy', 'monthly_bill', 'interval_data'] as const;
type Series = (typeof SERIES)[number];

/** Filled in by the fake, never taken from a request. */
const COMPUTED = ['project_id', 'annual_energy', 'updated_at'];
const NAMES = ['utility_name', 'rate_name'] as const;

export interface ConsumptionInput {
	series?: { kind: Series; values: Array<number | null> };
	names: Partial<Record<(typeof NAMES)[number], string | null>>;
	extra: Record<string, unknown>;
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

function isNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

function parseSeries(kind: Series, value: unknown): Array<number | null> {
	if (!Array.isArray(value)) throw new HttpError(422, `consumption_profile.${kind} must be an array`);
	if (kind === 'interval_data') {
		if (!INTERVAL_LENGTHS.includes(value.length)) {
			throw new HttpError(422, `consumption_profile.interval_data must have one of ${INTERVAL_LENGTHS.join(', ')} values, got ${value.length}`);
		}
		if (!value.every(isNumber)) throw new HttpError(422, 'consumption_profile.interval_data must contain numbers only');
		return value;
	}
	if (value.length !== 12) throw new HttpError(422, `consumption_profile.${kind} must have exactly 12 values, got ${value.length}`);
	if (!value.every((v) => v === null || isNumber(v))) throw new HttpError(422, `consumption_profile.${kind} must contain numbers or null`);
	return value as Array<number | null>;
}

/** Validates the inner object of `{"consumption_profile": {...}}`. */
export function parseConsumptionInput(input: Record<string, unknown>): ConsumptionInput {
	const given = SERIES.filter((kind) => input[kind] !== undefined);
	if (given.length > 1) {
		throw new HttpError(422, `consumption_profile accepts only one of monthly_energy, monthly_bill, interval_data per request; got ${given.join(', ')}`);
	}
	const parsed: ConsumptionInput = { names: {}, extra: {} };
	if (given.length === 1) parsed.series = { kind: given[0], values: parseSeries(given[0], input[given[0]]) };
	for (const name of NAMES) {
		const v = input[name];
		if (v === undefined) continue;
		if (v !== null && typeof v !== 'string') throw new HttpError(422, `consumption_profile.${name} must be a string`);
		parsed.names[name] = v;
	}
	for (const [key, value] of Object.entries(input)) {
		if ((SERIES as readonly string[]).includes(key) || (NAMES as readonly string[]).includes(key) || COMPUTED.includes(key)) continue;
		parsed.extra[key] = value;
	}
	return parsed;
}

/** Sums interval readings into calendar months; 8784/17568/35136 readings mean a leap year. */
function monthsFromIntervals(values: number[]): number[] {
	const leap = values.length % 366 === 0;
	const perDay = values.length / (leap ? 366 : 365);
	const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	const months: number[] = [];
	let start = 0;
	for (const d of days) {
		const end = start + d * perDay;
		months.push(round2(values.slice(start, end).reduce((sum, v) => sum + v, 0)));
		start = end;
	}
	return months;
}

function energyOf(series: NonNullable<ConsumptionInput['series']>): { monthly_energy: Array<number | null>; monthly_bill: Array<number | null> | null } {
	switch (series.kind) {
		case 'monthly_energy':
			// New energy figures make any earlier bills stale (invented).
			return { monthly_energy: series.values, monthly_bill: null };
		case 'monthly_bill':
			return { monthly_energy: series.values.map((b) => (b === null ? null : round2(b / ASSUMED_PRICE_PER_KWH))), monthly_bill: series.values };
		case 'interval_data':
			return { monthly_energy: monthsFromIntervals(series.values as number[]), monthly_bill: null };
	}
}

/**
 * The profile after a PUT. A profile that does not exist yet needs one of the three series (a
 * profile without any consumption would still be "not filled out"); 422 otherwise (invented).
 */
export function applyConsumption(before: ConsumptionProfile | undefined, projectId: string, input: ConsumptionInput, now: string): ConsumptionProfile {
	if (!before && !input.series) {
		throw new HttpError(422, 'consumption_profile needs one of monthly_energy, monthly_bill, interval_data');
	}
	const energy = input.series
		? energyOf(input.series)
		: { monthly_energy: before?.monthly_energy ?? [], monthly_bill: before?.monthly_bill ?? null };
	return {
		project_id: projectId,
		...energy,
		annual_energy: round2(energy.monthly_energy.reduce<number>((sum, v) => sum + (v ?? 0), 0)),
		utility_name: before?.utility_name ?? null,
		rate_name: before?.rate_name ?? null,
		...input.names,
		updated_at: now,
		extra: { ...before?.extra, ...input.extra },
	};
}

export function consumptionProfileView(p: ConsumptionProfile): Record<string, unknown> {
	const { extra, ...named } = p;
	return { ...extra, ...named };
}

/** A filled-in profile for seeded projects: a year of bills around the homeowner's average bill. */
export function seededConsumptionProfile(projectId: string, averageMonthlyBill: number, now: string): ConsumptionProfile {
	const input: ConsumptionInput = { series: { kind: 'monthly_bill', values: fakeMonthlyBills(averageMonthlyBill) }, names: { ...FAKE_UTILITY }, extra: {} };
	return applyConsumption(undefined, projectId, input, now);
}
