/**
 * The wall time the rate budget imposes on the catch-up sweep, on a virtual clock: the package's
 * RateBudget (at most 30 list requests in any 60 s and 540 in any hour per key) driven the way the
 * engine drives it (a cron tick every minute reads pages until take() says no; a new pass starts at
 * the first tick at least one check interval after the previous one started). A real pass would
 * wait 14 minutes at 100,000 leads; here nothing waits, each request costs the measured HTTP time.
 *
 * Two bounds: a tick 60 s after the last finds the slots its predecessor used free just in time (they
 * left exactly a minute ago), or a moment too early, so it reads nothing and the tick after it reads a
 * whole budget. In the real n8n of table 3 the second happened: a 41-page baseline read pages 1-30 at
 * one tick, nothing at the next, and pages 31-41 two minutes later.
 */
import { RateBudget } from '../../nodes/AuroraSolar/trigger/catch-up/rate-budget';
import { DEFAULT_CHECK_INTERVAL_MINUTES } from '../../nodes/AuroraSolar/trigger/node/settings';

export interface Timeline {
	/** First pass on a fresh budget: first request sent → last page answered, ms. */
	firstPassMs: number;
	/** After the first hours, a new pass starts every … ms (the hour cap stretches it on large tenants). */
	steadyEveryMs: number;
	/** Most list requests the budget let through in any hour of the simulated day. */
	busiestHour: number;
}

export interface BudgetTimeline extends Timeline {
	requestsPerPass: number;
	/** The same when each tick comes a moment before its predecessor's slots free. */
	late: Timeline;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export function budgetTimeline(requestsPerPass: number, pageMs: number, intervalMs = DEFAULT_CHECK_INTERVAL_MINUTES * MINUTE_MS): BudgetTimeline {
	return { requestsPerPass, ...timeline(requestsPerPass, pageMs, intervalMs, 0), late: timeline(requestsPerPass, pageMs, intervalMs, 1) };
}

/** `earlyMs`: how much less than a minute after its predecessor each tick comes (1 ms: a moment early). */
function timeline(requestsPerPass: number, pageMs: number, intervalMs: number, earlyMs: number, hours = 12): Timeline {
	const budget = new RateBudget();
	const sent: number[] = [];
	const passes: Array<{ start: number; end?: number }> = [];
	let done = 0;
	let running = false;
	for (let tick = 0; tick < hours * HOUR_MS; tick += MINUTE_MS - earlyMs) {
		const last = passes[passes.length - 1];
		if (!running && (!last || tick - last.start >= intervalMs)) {
			passes.push({ start: tick });
			running = true;
			done = 0;
		}
		let now = tick;
		while (running && budget.take(now)) {
			sent.push(now);
			now += pageMs;
			if (++done === requestsPerPass) {
				passes[passes.length - 1].end = now;
				running = false;
			}
		}
	}
	const finished = passes.filter((pass) => pass.end !== undefined);
	// Steady state: the gaps between pass starts over the second half of the day.
	const late = finished.filter((pass) => pass.start >= (hours / 2) * HOUR_MS);
	const gaps = late.slice(1).map((pass, index) => pass.start - late[index].start);
	let busiestHour = 0;
	for (let first = 0, index = 0; index < sent.length; index++) {
		while (sent[index] - sent[first] >= HOUR_MS) first++;
		busiestHour = Math.max(busiestHour, index - first + 1);
	}
	return {
		firstPassMs: (finished[0]?.end ?? NaN) - (finished[0]?.start ?? NaN),
		steadyEveryMs: gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : NaN,
		busiestHour,
	};
}
