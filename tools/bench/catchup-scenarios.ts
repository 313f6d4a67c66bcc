/**
 * The runs of the burst model (catchup-model.ts) that table 2 reports: the largest burst that loses
 * nothing without the catch-up, and bursts of several sizes with it, each at every position in the
 * check interval (the burst just after a pass started … just before the next one), as min–max.
 */
import { DEFAULT_CHECK_INTERVAL_MINUTES } from '../../nodes/AuroraSolar/trigger/node/settings';
import { CONCURRENT_PASS_ONS } from '../../nodes/AuroraSolar/trigger/catch-up/pass-on';
import type { BurstModelResult } from './catchup-model';
import { capacityWithoutCatchUp, runBurstModel } from './catchup-model';

export interface ModelSettings {
	bursts: number[];
	otherPerMinute: number[];
	/** Leads the tenant held before the burst. */
	existing: number;
	/** Caught-up executions n8n finishes per second (4 at a time). */
	passOnsPerSecond: number;
	/** One list request, ms (the median measured against the fake in table 1). */
	pageMs: number;
	/** Where the burst falls: the last pass started this long before it, every STEP_MS over one interval. */
	positionsMs: number[];
}

export interface Range {
	min: number;
	max: number;
}

export interface ModelRow {
	leads: number;
	otherPerMinute: number;
	without: BurstModelResult;
	byWebhook: Range;
	caughtUp: Range;
	lost: Range;
	duplicates: Range;
	lastArrivalMs: Range;
	list429: Range;
}

export interface ModelSummary {
	settings: ModelSettings;
	capacity: Array<{ otherPerMinute: number; leads: number }>;
	rows: ModelRow[];
}

const STEP_MS = 30_000;

function range(values: number[]): Range {
	return { min: Math.min(...values), max: Math.max(...values) };
}

export function modelSettings(partial: Omit<ModelSettings, 'positionsMs'>): ModelSettings {
	const positionsMs: number[] = [];
	for (let at = 0; at < DEFAULT_CHECK_INTERVAL_MINUTES * 60_000; at += STEP_MS) positionsMs.push(at);
	return { ...partial, positionsMs };
}

export async function runModel(settings: ModelSettings): Promise<ModelSummary> {
	const capacity: ModelSummary['capacity'] = [];
	for (const otherPerMinute of settings.otherPerMinute) capacity.push({ otherPerMinute, leads: await capacityWithoutCatchUp(otherPerMinute) });
	const passOnMs = (CONCURRENT_PASS_ONS / settings.passOnsPerSecond) * 1000;
	const rows: ModelRow[] = [];
	for (const otherPerMinute of settings.otherPerMinute) {
		for (const leads of settings.bursts) {
			const runs: BurstModelResult[] = [];
			for (const passStartedBeforeMs of settings.positionsMs) {
				runs.push(await runBurstModel({ leads, otherPerMinute, catchUp: { existing: settings.existing, passStartedBeforeMs, pageMs: settings.pageMs, passOnMs } }));
			}
			rows.push({
				leads,
				otherPerMinute,
				without: await runBurstModel({ leads, otherPerMinute }),
				byWebhook: range(runs.map((run) => run.byWebhook)),
				caughtUp: range(runs.map((run) => run.caughtUp)),
				lost: range(runs.map((run) => run.lost)),
				duplicates: range(runs.map((run) => run.duplicates)),
				lastArrivalMs: range(runs.map((run) => (run.lost === 0 ? run.lastArrivalMs : Infinity))),
				list429: range(runs.map((run) => run.list429)),
			});
		}
	}
	return { settings, capacity, rows };
}
