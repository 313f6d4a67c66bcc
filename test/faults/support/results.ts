/**
 * Each suite records its figures here (one JSON file per section); the global teardown renders
 * them into docs/reliability.md (full scale) or .tmp/reliability.short.md (short scale).
 * FAULTS_RESULTS_DIR moves them, so that two runs at once (CI's two lanes) keep theirs apart.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import path from 'path';

export const RESULTS_DIR = process.env.FAULTS_RESULTS_DIR ? path.resolve(process.env.FAULTS_RESULTS_DIR) : path.join(__dirname, '..', '..', '..', '.tmp', 'faults-results');

export type SectionResult = Record<string, unknown> & { section: string; passed: boolean };

export function clearResults(): void {
	rmSync(RESULTS_DIR, { recursive: true, force: true });
	mkdirSync(RESULTS_DIR, { recursive: true });
}

export function recordSection(result: SectionResult): void {
	mkdirSync(RESULTS_DIR, { recursive: true });
	writeFileSync(path.join(RESULTS_DIR, `${result.section}.json`), JSON.stringify(result, null, 2));
}

export function readSections(): SectionResult[] {
	try {
		return readdirSync(RESULTS_DIR)
			.filter((file) => file.endsWith('.json') && file !== 'run.json')
			.map((file) => JSON.parse(readFileSync(path.join(RESULTS_DIR, file), 'utf8')) as SectionResult);
	} catch {
		return [];
	}
}

export function recordRun(info: Record<string, unknown>): void {
	mkdirSync(RESULTS_DIR, { recursive: true });
	writeFileSync(path.join(RESULTS_DIR, 'run.json'), JSON.stringify(info, null, 2));
}

export function readRun(): Record<string, unknown> {
	try {
		return JSON.parse(readFileSync(path.join(RESULTS_DIR, 'run.json'), 'utf8')) as Record<string, unknown>;
	} catch {
		return {};
	}
}
