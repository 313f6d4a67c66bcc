/** FAULTS_SCALE=short (CI: small counts, a few minutes) or full (the default: the counts). */
export type FaultsScale = 'short' | 'full';

export function faultsScale(): FaultsScale {
	const raw = (process.env.FAULTS_SCALE ?? 'full').toLowerCase();
	if (raw !== 'short' && raw !== 'full') throw new Error(`FAULTS_SCALE must be short or full, got ${raw}`);
	return raw;
}

export const SCALE = {
	short: { leads: 40, hostile: 60, leadsPerSecond: 5 },
	full: { leads: 300, hostile: 240, leadsPerSecond: 5 },
} as const;

export function scaled() {
	return { scale: faultsScale(), ...SCALE[faultsScale()] };
}

/** The n8n version the suite runs against. */
export const FAULTS_N8N_VERSION = '2.41.1' as const;
