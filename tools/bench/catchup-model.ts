/**
 * Table 2 of the catch-up bench, a MODEL and not a measurement: one burst of leads, all created at
 * once, against Aurora's 90 requests a minute per key, with and without the catch-up sweep. It runs
 * on a virtual clock (sim-clock.ts). The package's own pieces decide what they decide in the node:
 * examinePage and SeenSet classify every listed page, RateBudget paces the list requests, and the
 * constants (grace, pass-ons at once, check interval, page size, retrieval deadline) are imported.
 * The engine's tick (trigger/catch-up/engine.ts) is re-told here step by step, since the real one
 * needs n8n's trigger context.
 *
 * Assumptions, stated in the report:
 * - Aurora's ladder is the fake's: a retry 30 s, 5 min, 30 min, 3 h and 20 h after the previous
 *   attempt (6 attempts, the last 23 h 35 min 30 s after the event). Every lead's attempt of a wave
 *   arrives at the same instant, and n8n's own time to answer a delivery is not modelled.
 * - A delivery costs one Retrieve Lead request. On 429 the transport retries only when Retry-After
 *   fits in the 4.5 s retrieval deadline (up to 4 attempts), else the trigger answers 503.
 * - Refused requests do not count against the window (as in the fake).
 * - Caught-up executions take `passOnMs` each, 4 at a time; a lead "arrives" when its execution ends.
 */
import { RETRY_LADDER_MS } from '../../devkit/fake-aurora/deliveries';
import { findEvent } from '../../nodes/AuroraSolar/events';
import type { AuroraEvent } from '../../nodes/AuroraSolar/events';
import type { ListWatch } from '../../nodes/AuroraSolar/trigger/catch-up/examine';
import { examinePage } from '../../nodes/AuroraSolar/trigger/catch-up/examine';
import { CONCURRENT_PASS_ONS } from '../../nodes/AuroraSolar/trigger/catch-up/pass-on';
import { GRACE_MS } from '../../nodes/AuroraSolar/trigger/catch-up/plan';
import { RateBudget } from '../../nodes/AuroraSolar/trigger/catch-up/rate-budget';
import { SeenSet, fingerprint } from '../../nodes/AuroraSolar/trigger/catch-up/seen-set';
import type { ListState } from '../../nodes/AuroraSolar/trigger/catch-up/state';
import { RETRIEVAL_DEADLINE_MS } from '../../nodes/AuroraSolar/trigger/deliveries/retrieve';
import { DEFAULT_CHECK_INTERVAL_MINUTES } from '../../nodes/AuroraSolar/trigger/node/settings';
import type { PassedOn } from '../../nodes/AuroraSolar/trigger/node/passed-on';
import { PAGE_SIZE } from '../../nodes/AuroraSolar/transport/page-cursor';
import { BUDGETS } from '../../nodes/AuroraSolar/transport/retry';
import type { Step } from './sim-clock';
import { KeyWindow, SimClock, steadyRequests } from './sim-clock';

/** Attempt times after the event: 0, then each retry of the ladder after the one before. */
export const ATTEMPTS_AT_MS: number[] = RETRY_LADDER_MS.reduce((times, delay) => [...times, times[times.length - 1] + delay], [0]);

export interface BurstModelOptions {
	leads: number;
	/** Another tool's steady use of the same key, requests a minute. */
	otherPerMinute?: number;
	/** Without it, the trigger has no catch-up (trigger 1 / 1.1, or switched off). */
	catchUp?: {
		/** Leads the tenant held before the burst (already in the sweep's state). */
		existing: number;
		/** How long before the burst the last pass started (where the burst falls in the check interval). */
		passStartedBeforeMs: number;
		/** Time of one list request (measured against the fake in table 1). */
		pageMs: number;
		/** How long one caught-up execution takes; 4 run at once. */
		passOnMs: number;
		intervalMs?: number;
	};
}

export interface BurstModelResult {
	leads: number;
	byWebhook: number;
	caughtUp: number;
	lost: number;
	/** Leads that reached the workflow a second time (a delivery and the catch-up both passed them on). */
	duplicates: number;
	/** From the burst to the last lead reaching the workflow, ms (NaN when one never does). */
	lastArrivalMs: number;
	retrievals: number;
	retrievals429: number;
	listRequests: number;
	list429: number;
}

const LEAD_CREATED = findEvent('lead_created') as AuroraEvent & { catchUp: NonNullable<AuroraEvent['catchUp']> };
/** When the burst happens on the virtual clock: late enough that every earlier time is positive (RateBudget starts at 0). */
const BURST_AT = 2 * 3_600_000;
/** The burst as a date, for the listed leads' created_at. */
const EPOCH = Date.UTC(2026, 0, 1);

export function runBurstModel(options: BurstModelOptions): BurstModelResult {
	const { leads, catchUp } = options;
	const start = BURST_AT - (catchUp?.passStartedBeforeMs ?? 0);
	const horizon = BURST_AT + ATTEMPTS_AT_MS[ATTEMPTS_AT_MS.length - 1] + 10 * 60_000;
	const clock = new SimClock(start);
	const key = new KeyWindow(90, 60_000, steadyRequests(options.otherPerMinute ?? 0, start - 60_000, horizon));
	const burst = Array.from({ length: leads }, (_, index) => `burst-${index}`);
	const arrived = new Map<string, 'webhook' | 'catch-up'>();
	/** Leads whose delivery was answered 2xx: Aurora sends them no further attempt. */
	const answered = new Set<string>();
	const arrivals: number[] = [];
	/** What a delivery or the sweep passed on (trigger/passed-on.ts). */
	const ledger = new Map<string, PassedOn>();
	const result: BurstModelResult = { leads, byWebhook: 0, caughtUp: 0, lost: 0, duplicates: 0, lastArrivalMs: NaN, retrievals: 0, retrievals429: 0, listRequests: 0, list429: 0 };

	const arrive = (id: string, via: 'webhook' | 'catch-up') => {
		if (arrived.has(id)) {
			result.duplicates++;
			return;
		}
		arrived.set(id, via);
		arrivals.push(clock.now);
		if (via === 'webhook') result.byWebhook++;
		else result.caughtUp++;
	};

	/** One delivery attempt: the trigger's webhook() with Retrieve Details on (deliveries/receive.ts). */
	function* delivery(id: string): Step {
		const receivedAt = clock.now;
		// The catch-up passed it on already: answered 200 without asking Aurora.
		if (ledger.get(id)?.via === 'catch-up') {
			answered.add(id);
			return;
		}
		for (let attempt = 1; attempt <= BUDGETS.delivery.maxAttempts; attempt++) {
			result.retrievals++;
			const answer = key.request(clock.now);
			// After the retrieval the trigger looks again: the catch-up may have passed it on meanwhile.
			if (answer.ok && ledger.get(id)?.via === 'catch-up') {
				answered.add(id);
				return;
			}
			if (answer.ok) {
				ledger.set(id, { via: 'webhook', event: 'lead_created', at: clock.now });
				answered.add(id);
				arrive(id, 'webhook');
				return;
			}
			result.retrievals429++;
			const waitMs = answer.retryAfterS * 1000;
			if (attempt >= BUDGETS.delivery.maxAttempts || clock.now + waitMs + 250 > receivedAt + RETRIEVAL_DEADLINE_MS) return;
			yield waitMs;
		}
	}

	function* aurora(): Step {
		let previous = 0;
		for (const at of ATTEMPTS_AT_MS) {
			yield at - previous;
			previous = at;
			for (const id of burst) if (!answered.has(id)) clock.spawn(delivery(id));
		}
	}
	clock.spawn(aurora(), BURST_AT);
	if (catchUp) clock.spawn(sweep(catchUp), start);
	clock.run(() => arrived.size === leads, horizon);

	result.lost = leads - arrived.size;
	result.lastArrivalMs = result.lost === 0 && arrivals.length > 0 ? Math.max(...arrivals) - BURST_AT : NaN;
	return result;

	/** The sweep on the leader: a cron tick every minute, skipped while the previous tick still runs. */
	function* sweep(settings: NonNullable<BurstModelOptions['catchUp']>): Step {
		const existing = Array.from({ length: settings.existing }, (_, index) => ({ id: `existing-${index}`, created_at: new Date(EPOCH - 86_400_000).toISOString() }));
		const fresh = burst.map((id) => ({ id, created_at: new Date(EPOCH).toISOString() }));
		// Aurora's list, oldest first, as the fake sorts it; the burst is in it from BURST_AT on.
		const listAt = (now: number) => (now >= BURST_AT ? [...existing, ...fresh] : existing);
		const state: ListState = { seen: SeenSet.empty(), contentCompared: false, complete: true };
		for (const lead of existing) state.seen.set(fingerprint(lead.id), 0);
		state.seen.compact();
		const watch: ListWatch = { list: LEAD_CREATED.catchUp.list, created: LEAD_CREATED, activatedAt: EPOCH - 2 * 86_400_000, passedOn: (id) => ledger.get(id) };
		const budget = new RateBudget();
		const intervalMs = settings.intervalMs ?? DEFAULT_CHECK_INTERVAL_MINUTES * 60_000;
		const pending = new Map<string, number>();
		let page: number | undefined;
		let passStartedAt: number | undefined;
		let busy = false;

		function* passOnDue(now: number): Step {
			const due: string[] = [];
			for (const [id, since] of pending) {
				if (now - since < GRACE_MS) continue;
				pending.delete(id);
				state.seen.set(fingerprint(id), 0);
				if (!ledger.has(id)) due.push(id);
			}
			for (let first = 0; first < due.length; first += CONCURRENT_PASS_ONS) {
				const batch = due.slice(first, first + CONCURRENT_PASS_ONS);
				for (const id of batch) ledger.set(id, { via: 'catch-up', event: 'lead_created', at: clock.now });
				yield settings.passOnMs;
				for (const id of batch) arrive(id, 'catch-up');
			}
		}

		function* tick(): Step {
			busy = true;
			const now = clock.now;
			yield* passOnDue(now);
			if (page === undefined) {
				if (passStartedAt !== undefined && now - passStartedAt < intervalMs) {
					busy = false;
					return;
				}
				passStartedAt = now;
				page = 1;
			}
			while (page !== undefined) {
				if (!budget.take(clock.now)) break;
				result.listRequests++;
				const answer = key.request(clock.now);
				if (!answer.ok) {
					result.list429++;
					budget.pause(answer.retryAfterS, clock.now);
					break;
				}
				const items = listAt(clock.now).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
				yield settings.pageMs;
				for (const candidate of examinePage(watch, state, items).candidates) if (!pending.has(candidate.id)) pending.set(candidate.id, clock.now);
				if (items.length < PAGE_SIZE) {
					state.seen.compact();
					page = undefined;
				} else page++;
			}
			yield* passOnDue(clock.now);
			busy = false;
		}

		for (;;) {
			if (!busy) clock.spawn(tick());
			yield 60_000;
		}
	}
}

/** The largest burst that loses no lead without the catch-up (binary search; losses grow with the burst). */
export function capacityWithoutCatchUp(otherPerMinute: number, upTo = 5_000): number {
	let low = 0;
	let high = upTo;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (runBurstModel({ leads: middle, otherPerMinute }).lost === 0) low = middle;
		else high = middle - 1;
	}
	return low;
}
