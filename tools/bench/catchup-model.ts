/**
 * Table 2 of the catch-up bench, a MODEL and not a measurement: one burst of leads, all created at
 * once, against Aurora's 90 requests a minute per key, with and without the catch-up sweep. The sweep is
 * the package's own: the trigger's schedule (trigger/schedule.ts, what the node's trigger() runs) and its catch-up engine, reader,
 * transport and rate budget run unchanged, on virtual time (virtual-time.ts), against a model of
 * Aurora's list endpoint and of n8n (a cron tick every minute, emits that end `passOnMs` later).
 * What is modelled around them is Aurora's side and the deliveries.
 *
 * Assumptions, stated in the report:
 * - Aurora's ladder is the fake's: a retry 30 s, 5 min, 30 min, 3 h and 20 h after the previous
 *   attempt (6 attempts, the last 23 h 35 min 30 s after the event). Every lead's attempt of a wave
 *   arrives at the same instant, and n8n's own time to answer a delivery is not modelled.
 * - A delivery costs one Retrieve Lead request. On 429 the transport retries only when Retry-After
 *   fits in the 4.5 s retrieval deadline (up to 4 attempts), else the trigger answers 503. A lead the
 *   catch-up already passed on is answered without a request (trigger/deliveries/receive.ts).
 * - Aurora's rate limit is the fake's (devkit/fake-aurora/rate-limit.ts): refused requests do not
 *   count; another tool's requests on the key take their slots in time order.
 * - Caught-up executions take `passOnMs` each (the engine runs 4 at a time); a lead "arrives" when its
 *   execution ends.
 */
import { randomUUID } from 'crypto';
import type { IDataObject, IHttpRequestOptions, ITriggerFunctions } from 'n8n-workflow';

import { RETRY_LADDER_MS } from '../../devkit/fake-aurora/deliveries';
import { RateLimiter } from '../../devkit/fake-aurora/rate-limit';
import { SeenSet, fingerprint } from '../../nodes/AuroraSolar/trigger/catch-up/seen-set';
import { encodeState, freshState, writeState } from '../../nodes/AuroraSolar/trigger/catch-up/state';
import { RETRIEVAL_DEADLINE_MS } from '../../nodes/AuroraSolar/trigger/deliveries/retrieve';
import { nodeKey } from '../../nodes/AuroraSolar/trigger/node/identity';
import { passedOn, recordPassedOn } from '../../nodes/AuroraSolar/trigger/node/passed-on';
import { DEFAULT_CHECK_INTERVAL_MINUTES } from '../../nodes/AuroraSolar/trigger/node/settings';
import { startSchedule } from '../../nodes/AuroraSolar/trigger/schedule';
import { BUDGETS } from '../../nodes/AuroraSolar/transport/retry';
import { VirtualTime } from './virtual-time';

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
		/** How long before the burst the trigger started, so that its first pass started (where the burst falls in the check interval). */
		passStartedBeforeMs: number;
		/** Time of one list request (measured against the fake in table 1). */
		pageMs: number;
		/** How long one caught-up execution takes; the engine runs 4 at once. */
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

/** When the burst happens on the virtual clock. */
const BURST_AT = Date.UTC(2026, 0, 1, 12);
const RATE_LIMIT = 90;
const MINUTE_MS = 60_000;
const TENANT = '00000000-0000-4000-8000-00000000a0a0';

/** One API key at Aurora, limited as the fake limits it; another tool's requests take their slots in time order. */
class AuroraKey {
	private readonly limiter = new RateLimiter();
	private nextOther = 0;

	constructor(private readonly others: number[]) {}

	request(now: number): { ok: true } | { ok: false; retryAfterS: number } {
		while (this.nextOther < this.others.length && this.others[this.nextOther] <= now) {
			this.limiter.check('key', RATE_LIMIT, MINUTE_MS, this.others[this.nextOther]);
			this.nextOther++;
		}
		const decision = this.limiter.check('key', RATE_LIMIT, MINUTE_MS, now);
		return decision.allowed ? { ok: true } : { ok: false, retryAfterS: decision.retryAfterSeconds };
	}
}

/** Times of `perMinute` evenly spread requests from `from` to `to`. */
export function steadyRequests(perMinute: number, from: number, to: number): number[] {
	if (perMinute <= 0) return [];
	const gap = MINUTE_MS / perMinute;
	const times: number[] = [];
	for (let at = from; at <= to; at += gap) times.push(at);
	return times;
}

interface Lead extends IDataObject {
	id: string;
	created_at: string;
}

export async function runBurstModel(options: BurstModelOptions): Promise<BurstModelResult> {
	const { leads, catchUp } = options;
	const start = BURST_AT - (catchUp?.passStartedBeforeMs ?? 0);
	const horizon = BURST_AT + ATTEMPTS_AT_MS[ATTEMPTS_AT_MS.length - 1] + 10 * MINUTE_MS;
	const time = new VirtualTime(start);
	const key = new AuroraKey(steadyRequests(options.otherPerMinute ?? 0, start - MINUTE_MS, horizon));
	const burst: Lead[] = Array.from({ length: leads }, (_, index) => ({ id: `burst-${index}`, created_at: new Date(BURST_AT).toISOString() }));
	const arrived = new Map<string, 'webhook' | 'catch-up'>();
	/** Leads whose delivery was answered 2xx: Aurora sends them no further attempt. */
	const answered = new Set<string>();
	const arrivals: number[] = [];
	const result: BurstModelResult = { leads, byWebhook: 0, caughtUp: 0, lost: 0, duplicates: 0, lastArrivalMs: NaN, retrievals: 0, retrievals429: 0, listRequests: 0, list429: 0 };

	const arrive = (id: string, via: 'webhook' | 'catch-up') => {
		if (arrived.has(id)) {
			result.duplicates++;
			return;
		}
		arrived.set(id, via);
		arrivals.push(time.now);
		if (via === 'webhook') result.byWebhook++;
		else result.caughtUp++;
	};

	const trigger = catchUp ? modelTrigger(time, key, burst, catchUp, result, arrive) : undefined;
	const node = trigger?.key ?? `model-${randomUUID()}/node`;

	/** One delivery attempt: the trigger's webhook() with Retrieve Details on (deliveries/receive.ts). */
	const delivery = async (id: string) => {
		const receivedAt = time.now;
		// The catch-up passed it on already: answered 200 without asking Aurora.
		if (passedOn(node, 'leads', id)?.via === 'catch-up') {
			answered.add(id);
			return;
		}
		for (let attempt = 1; attempt <= BUDGETS.delivery.maxAttempts; attempt++) {
			result.retrievals++;
			const answer = key.request(time.now);
			// After the retrieval the trigger looks again: the catch-up may have passed it on meanwhile.
			if (answer.ok && passedOn(node, 'leads', id)?.via === 'catch-up') {
				answered.add(id);
				return;
			}
			if (answer.ok) {
				recordPassedOn(node, 'leads', id, { via: 'webhook', event: 'lead_created', at: time.now });
				answered.add(id);
				arrive(id, 'webhook');
				return;
			}
			result.retrievals429++;
			const waitMs = answer.retryAfterS * 1000;
			if (attempt >= BUDGETS.delivery.maxAttempts || time.now + waitMs + 250 > receivedAt + RETRIEVAL_DEADLINE_MS) return;
			await time.sleep(waitMs);
		}
	};
	for (const at of ATTEMPTS_AT_MS) {
		time.at(BURST_AT + at, () => {
			for (const lead of burst) if (!answered.has(lead.id)) void delivery(lead.id);
		});
	}
	if (trigger) time.at(start, () => void trigger.start());
	await time.run(horizon, () => arrived.size === leads);
	if (trigger) {
		// The trigger closes as n8n closes it (deactivation, shutdown): its memory in this process goes.
		time.at(time.now, () => void trigger.close());
		await time.run(time.now);
	}

	result.lost = leads - arrived.size;
	result.lastArrivalMs = result.lost === 0 && arrivals.length > 0 ? Math.max(...arrivals) - BURST_AT : NaN;
	return result;
}

/**
 * The real trigger node's trigger() (the schedule, the catch-up engine and everything under it) in a
 * context that stands in for n8n and Aurora on virtual time: a cron tick every minute, the tenant's
 * leads list answered after `pageMs` (429 when the key is over its limit), emits whose executions end
 * `passOnMs` later. The node's static data holds the existing leads as a finished baseline.
 */
function modelTrigger(
	time: VirtualTime,
	key: AuroraKey,
	burst: Lead[],
	settings: NonNullable<BurstModelOptions['catchUp']>,
	result: BurstModelResult,
	arrive: (id: string, via: 'catch-up') => void,
) {
	const workflow = { id: `model-${randomUUID()}`, name: 'Catch-up model', active: true };
	const node = { id: 'node', name: 'Aurora Solar Trigger', type: 'n8n-nodes-aurora-solar.auroraSolarTrigger', typeVersion: 1.2, position: [0, 0] as [number, number], parameters: {} };
	const credentials = { environment: 'custom', baseUrl: 'http://aurora.model', apiToken: `sk_sand_model_${randomUUID().slice(0, 8)}`, tenantId: TENANT };
	const parameters: IDataObject = { events: ['lead_created'], retrieveDetails: true, options: { checkIntervalMinutes: (settings.intervalMs ?? DEFAULT_CHECK_INTERVAL_MINUTES * MINUTE_MS) / MINUTE_MS } };
	const existing: Lead[] = Array.from({ length: settings.existing }, (_, index) => ({ id: `existing-${index}`, created_at: new Date(BURST_AT - 86_400_000).toISOString() }));
	const staticData: IDataObject = {};
	const baseline = freshState(BURST_AT - 2 * 86_400_000);
	const seen = SeenSet.empty();
	for (const lead of existing) seen.set(fingerprint(lead.id), 0);
	baseline.lists.leads = { seen, contentCompared: false, complete: true };
	writeState(staticData, encodeState(baseline));
	const crons: Array<() => void> = [];

	/** Aurora's list of leads, oldest first, as the fake sorts it; the burst is in it from BURST_AT on. */
	const listPage = async (options: IHttpRequestOptions) => {
		result.listRequests++;
		const answer = key.request(time.now);
		await time.sleep(settings.pageMs);
		if (!answer.ok) {
			result.list429++;
			return { statusCode: 429, body: { error: 'rate limited' }, headers: { 'retry-after': String(answer.retryAfterS) } };
		}
		const all = time.now >= BURST_AT ? [...existing, ...burst] : existing;
		const { page, per_page: perPage } = options.qs as { page: number; per_page: number };
		return { statusCode: 200, body: { leads: all.slice((page - 1) * perPage, page * perPage) }, headers: {} };
	};

	const context = {
		getNode: () => node,
		getWorkflow: () => workflow,
		getMode: () => 'trigger',
		getActivationMode: () => 'init',
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => credentials,
		getWorkflowStaticData: () => staticData,
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, verbose: () => {} },
		emit: (data: Array<Array<{ json: IDataObject }>>, _response: unknown, done?: { resolve(run: unknown): void }) => {
			const id = String(data[0][0].json.lead_id);
			time.at(time.now + settings.passOnMs, () => {
				arrive(id, 'catch-up');
				done?.resolve({ status: 'success', finished: true });
			});
		},
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await listPage(options),
			registerCron: (_cron: { expression: string }, onTick: () => void) => void crons.push(onTick),
			createDeferredPromise: <T>() => {
				let resolve!: (value: T) => void;
				let reject!: (error: Error) => void;
				const promise = new Promise<T>((ok, fail) => {
					resolve = ok;
					reject = fail;
				});
				return { promise, resolve, reject };
			},
			returnJsonArray: (items: IDataObject | IDataObject[]) => (Array.isArray(items) ? items : [items]).map((json) => ({ json })),
		},
	} as unknown as ITriggerFunctions;

	let close: (() => Promise<void>) | undefined;
	return {
		key: nodeKey(context),
		/**
		 * The node's trigger() as n8n calls it on the leader when the workflow starts (it is startSchedule;
		 * tsx would resolve the node's module to its codex .node.json), and its cron every minute from then on.
		 */
		start: async () => {
			const response = startSchedule.call(context);
			close = response.closeFunction;
			const tick = () => {
				for (const onTick of crons) onTick();
				time.at(time.now + MINUTE_MS, tick);
			};
			time.at(time.now + MINUTE_MS, tick);
		},
		close: async () => await close?.(),
	};
}

/** The largest burst that loses no lead without the catch-up (binary search; losses grow with the burst). */
export async function capacityWithoutCatchUp(otherPerMinute: number, upTo = 5_000): Promise<number> {
	let low = 0;
	let high = upTo;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if ((await runBurstModel({ leads: middle, otherPerMinute })).lost === 0) low = middle;
		else high = middle - 1;
	}
	return low;
}
