/**
 * The `catchup` phase of `npm run bench`: three parts, each selectable with BENCH_CATCHUP_PARTS.
 *   sweep     table 1, the cost of a sweep pass (fake Aurora in its own process, no n8n)
 *   model     table 2, a burst at 90 requests a minute with and without the catch-up (virtual clock)
 *   delivery  table 3, delivery throughput with a large catch-up state against an empty one (real n8n)
 */
import type { DeliveryOptions } from './catchup-delivery';
import { measureDeliveryWithState } from './catchup-delivery';
import type { CatchUpResults } from './catchup-report';
import { modelSettings, runModel } from './catchup-scenarios';
import { measureSweep } from './catchup-sweep';
import { startFakeProcess } from './fake-process';

export const CATCH_UP_PARTS = ['sweep', 'model', 'delivery'];

/** The delivery part's options (its `leads` named `deliveryLeads` here), and those of the other two parts. */
export interface CatchUpOptions extends Omit<DeliveryOptions, 'tarball' | 'leads'> {
	parts: Set<string>;
	sweepLeads: number[];
	modelBursts: number[];
	modelOtherPerMinute: number[];
	modelExisting: number;
	passOnsPerSecond: number;
	/** Needed for the delivery part only. */
	tarball?: string;
	deliveryLeads: number;
	/** Called after each part with the results so far, so that a failure late in the phase keeps them. */
	save: (results: CatchUpResults) => void;
}

/** A list request's time for the model when table 1 did not run in this process. */
const DEFAULT_PAGE_MS = 10;

export async function runCatchUp(options: CatchUpOptions, header: Pick<CatchUpResults, 'command' | 'commit' | 'machine'>): Promise<CatchUpResults> {
	const started = Date.now();
	const results: CatchUpResults = { ...header, startedAt: new Date(started).toISOString(), durationS: 0, parts: [...options.parts], sweep: [] };
	const { log } = options;
	if (options.parts.has('sweep')) {
		const fake = await startFakeProcess();
		try {
			results.sweep = await measureSweep(fake, options.sweepLeads, log);
		} finally {
			await fake.stop();
		}
		options.save(results);
	}
	if (options.parts.has('model')) {
		const measured = results.sweep.find((size) => size.leads === 10_000) ?? results.sweep[0];
		const settings = modelSettings({
			bursts: options.modelBursts,
			otherPerMinute: options.modelOtherPerMinute,
			existing: options.modelExisting,
			passOnsPerSecond: options.passOnsPerSecond,
			pageMs: measured ? Math.max(1, Math.round(measured.http.medianMs)) : DEFAULT_PAGE_MS,
		});
		results.model = await runModel(settings);
		log(`catch-up model: capacity without catch-up ${results.model.capacity.map((entry) => `${entry.leads} (other ${entry.otherPerMinute}/min)`).join(', ')}`);
		options.save(results);
	}
	if (options.parts.has('delivery')) {
		try {
			if (!options.tarball) throw new Error('the delivery part needs the packed package');
			results.delivery = await measureDeliveryWithState({
				tarball: options.tarball,
				leads: options.deliveryLeads,
				deliveries: options.deliveries,
				concurrency: options.concurrency,
				rounds: options.rounds,
				quietWaitMs: options.quietWaitMs,
				stateWaitMs: options.stateWaitMs,
				log,
			});
		} catch (error) {
			// The other parts still go into the report, which says why this one is missing.
			results.deliveryError = (error as Error).message.split('\n')[0];
			log(`catch-up delivery failed: ${results.deliveryError}`);
		}
	}
	results.durationS = Math.round((Date.now() - started) / 1000);
	return results;
}
