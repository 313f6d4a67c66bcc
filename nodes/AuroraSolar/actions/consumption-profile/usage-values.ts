import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The usage inputs Aurora's Update Consumption Profile accepts, one per request ([D]
 * https://docs.aurorasolar.com/reference/updateconsumptionprofile), with the value counts it requires.
 */
export const USAGE_INPUTS = {
	monthly_energy: { label: 'Monthly Energy (kWh)', counts: [12] },
	monthly_bill: { label: 'Monthly Bill (USD)', counts: [12] },
	interval_data: { label: 'Interval Data (kWh)', counts: [8760, 8784, 17520, 17568, 35040, 35136] },
} as const;

export type UsageInput = keyof typeof USAGE_INPUTS;

/** One value: a number, or null for a month Aurora should fill in (an empty entry or `null`). */
function usageValue(raw: unknown): number | null | undefined {
	if (raw === null || raw === undefined) return null;
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
	const text = String(raw).trim();
	if (text === '' || text.toLowerCase() === 'null') return null;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}

/**
 * The values for `input`: an array from an expression, or numbers separated by commas. Checked here, so
 * a wrong count or a word among the numbers fails the item before anything is sent.
 */
export function readUsageValues(this: IExecuteFunctions, input: UsageInput, raw: unknown, itemIndex: number): Array<number | null> {
	const { label, counts } = USAGE_INPUTS[input];
	const parts: unknown[] = Array.isArray(raw) ? raw : String(raw ?? '').trim() === '' ? [] : String(raw).split(',');
	const values = parts.map(usageValue);
	const bad = values.findIndex((value) => value === undefined);
	if (bad >= 0) {
		throw new NodeOperationError(this.getNode(), `${label}: value ${bad + 1} (${JSON.stringify(parts[bad])}) is not a number`, {
			description: 'Give numbers separated by commas, or an expression that returns an array of numbers. Leave a value empty (or null) for Aurora to estimate it. Nothing was sent to Aurora.',
			itemIndex,
		});
	}
	if (!(counts as readonly number[]).includes(values.length)) {
		throw new NodeOperationError(this.getNode(), `${label} needs ${counts.join(' or ')} values, got ${values.length}`, {
			description: input === 'interval_data'
				? 'Interval data covers one year from 1 January 00:00 in hourly, half-hourly or 15-minute steps. Nothing was sent to Aurora.'
				: 'Give one value per month, January first. Leave a month empty (or null) for Aurora to estimate it. Nothing was sent to Aurora.',
			itemIndex,
		});
	}
	return values as Array<number | null>;
}
