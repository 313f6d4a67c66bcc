/**
 * One row of the reliability table per fault scenario: failure → what Aurora saw → what the user
 * sees → the test. A scenario runs once per n8n version (and mode); each run merges its outcome
 * into the scenario's row, so the row says which versions it passed on and sums the figures.
 *
 * The pattern in a test: compute what happened, turn it into checks, record, then assert, so a
 * failing check is in the report as well as in jest's output.
 */
import { existsSync, readFileSync } from 'fs';
import path from 'path';

import { RESULTS_DIR, readRun, recordSection } from './results';

export interface Check {
	/** What must hold, in words. */
	what: string;
	ok: boolean;
	/** What was seen instead (kept short), for the report and jest's message. */
	seen?: unknown;
}

export function check(what: string, ok: boolean, seen?: unknown): Check {
	return ok ? { what, ok } : { what, ok, seen };
}

export interface ScenarioRow {
	/** Short id: the section becomes `scenario-<id>`. */
	id: string;
	/** The failure, in words. */
	failure: string;
}

export interface RunOutcome {
	/** The n8n version, with the mode when it is not regular: `2.41.1` or `2.41.1 (queue)`. */
	version: string;
	checks: Check[];
	/** What Aurora saw: the answers n8n gave its deliveries and calls, e.g. `503 ×3 then 200`. */
	auroraSees: string;
	/** What the user sees in n8n. */
	userSees: string;
	figures: Record<string, number>;
	/** Anything else worth keeping with this version's outcome (a timeline, log lines). */
	notes?: Record<string, unknown>;
}

type StoredRow = Record<string, unknown> & {
	section: string;
	kind: 'scenario';
	passed: boolean;
	failure: string;
	auroraSees: string;
	userSees: string;
	test: string;
	versions: string[];
	figures: Record<string, number>;
	failedChecks: Array<{ version: string; what: string; seen?: unknown }>;
	perVersion: Record<string, { passed: boolean; auroraSees: string; userSees: string; figures: Record<string, number>; notes?: Record<string, unknown> }>;
	runStartedAt: unknown;
};

/** Counts add up over versions; a figure named …Ms is the largest seen. */
function mergeFigures(rows: Array<Record<string, number>>): Record<string, number> {
	const merged: Record<string, number> = {};
	for (const figures of rows) {
		for (const [name, value] of Object.entries(figures)) {
			merged[name] = name.endsWith('Ms') ? Math.max(merged[name] ?? 0, value) : (merged[name] ?? 0) + value;
		}
	}
	return merged;
}

/** One text when every version saw the same, else each version's, labelled. */
function mergeText(perVersion: StoredRow['perVersion'], field: 'auroraSees' | 'userSees'): string {
	const texts = Object.entries(perVersion).map(([version, outcome]) => [version, outcome[field]] as const);
	if (new Set(texts.map(([, text]) => text)).size === 1) return texts[0][1];
	return texts.map(([version, text]) => `n8n ${version}: ${text}`).join(' · ');
}

function sectionFile(section: string): string {
	return path.join(RESULTS_DIR, `${section}.json`);
}

/**
 * Merges this run's outcome into the scenario's row and writes it. Returns the checks that failed,
 * for the test to assert on: `expect(recordScenario(...)).toEqual([])`.
 */
export function recordScenario(row: ScenarioRow, outcome: RunOutcome): Array<{ what: string; seen?: unknown }> {
	const section = `scenario-${row.id}`;
	const runStartedAt = readRun().startedAt;
	const state = expect.getState();
	// One name for every stack the scenario runs on: `n8n {version}: …`.
	const testName = (state.currentTestName ?? '').split(outcome.version).join('{version}');
	const test = `${path.basename(state.testPath ?? '')} › ${testName}`;
	let previous: StoredRow | undefined;
	if (existsSync(sectionFile(section))) {
		const stored = JSON.parse(readFileSync(sectionFile(section), 'utf8')) as StoredRow;
		if (stored.runStartedAt === runStartedAt) previous = stored;
	}
	const failed = outcome.checks.filter((entry) => !entry.ok).map(({ what, seen }) => ({ what, seen }));
	const perVersion = {
		...(previous?.perVersion ?? {}),
		[outcome.version]: { passed: failed.length === 0, auroraSees: outcome.auroraSees, userSees: outcome.userSees, figures: outcome.figures, notes: outcome.notes },
	};
	const tests = new Set([...(previous?.test.split(' | ') ?? []), test]);
	const stored: StoredRow = {
		section,
		kind: 'scenario',
		passed: Object.values(perVersion).every((entry) => entry.passed),
		failure: row.failure,
		auroraSees: mergeText(perVersion, 'auroraSees'),
		userSees: mergeText(perVersion, 'userSees'),
		test: [...tests].join(' | '),
		versions: Object.keys(perVersion),
		// Summed over the stacks it ran on (their number is \`stacks\`); a figure named …Ms is the largest.
		figures: { stacks: Object.keys(perVersion).length, ...mergeFigures(Object.values(perVersion).map((entry) => entry.figures)) },
		failedChecks: [
			...(previous?.failedChecks ?? []).filter((entry) => entry.version !== outcome.version),
			...failed.map((entry) => ({ version: outcome.version, ...entry })),
		],
		perVersion,
		runStartedAt,
	};
	recordSection(stored);
	return failed;
}

/** `503 ×3 then 200`: a sequence of answers with repeats folded. */
export function answerSequence(answers: Array<number | string>): string {
	const runs: Array<[number | string, number]> = [];
	for (const answer of answers) {
		const last = runs[runs.length - 1];
		if (last && last[0] === answer) last[1]++;
		else runs.push([answer, 1]);
	}
	return runs.length === 0 ? 'nothing' : runs.map(([answer, count]) => (count > 1 ? `${answer} ×${count}` : String(answer))).join(' then ');
}

/** `200 ×4, 503 ×1`: answers counted, in order of first appearance. */
export function answerCounts(answers: Array<number | string>): string {
	const counts = new Map<number | string, number>();
	for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
	return counts.size === 0 ? 'nothing' : [...counts].map(([answer, count]) => `${answer} ×${count}`).join(', ');
}

/** A scenario's outcome on one version, before it is recorded. */
export type Outcome = Omit<RunOutcome, 'version'>;

/** Runs a scenario; an exception becomes a failed check, so the row is still recorded. */
export async function attempt(scenario: () => Promise<Outcome>): Promise<Outcome> {
	try {
		return await scenario();
	} catch (error) {
		return {
			checks: [check('the scenario ran to the end', false, ((error as Error).stack ?? String(error)).slice(0, 2000))],
			auroraSees: 'the scenario did not finish',
			userSees: 'the scenario did not finish',
			figures: {},
		};
	}
}
