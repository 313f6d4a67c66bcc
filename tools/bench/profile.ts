/**
 * "Where the time goes": a diagnostic n8n (same settings, plus the V8 inspector and Prometheus
 * metrics, so not used for the timed figures) per configuration. For each setup it samples n8n's
 * CPU over a batch of deliveries and reads n8n's expression-isolate counters before and after.
 */
import { request } from 'undici';

import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { runBatch } from './burst';
import type { FakeProcess } from './fake-process';
import { INSPECT_ENV, Inspector } from './inspector';
import { createBenchCredentials, startBenchN8n } from './n8n-setup';
import type { ProfileSummary } from './profile-analysis';
import { stacksTo, summarizeProfile } from './profile-analysis';
import type { SetupKey } from './setups';
import { createSetups } from './setups';
import { round } from './stats';

export interface SetupProfile {
	setup: string;
	deliveries: number;
	deliveriesPerSecond: number;
	busyMsPerDelivery: number;
	isolateMsPerDelivery: number;
	/** Isolates n8n took from its pool (each is rebuilt after use) per delivery. */
	isolatesPerDelivery: number;
	/** Isolates built synchronously on first use (lazy acquire) per delivery. */
	coldStartsPerDelivery: number;
	packageMsPerDelivery: number;
	byOwner: Array<{ owner: string; msPerDelivery: number }>;
	isolateStacks: Array<{ msPerDelivery: number; stack: string[] }>;
}

async function counters(n8n: N8nInstance): Promise<{ acquired: number; cold: number }> {
	const response = await request(`${n8n.baseUrl}/metrics`);
	const text = await response.body.text();
	const read = (name: string) => Number(new RegExp(`^\\w*${name}(?:_total)?(?:\\{[^}]*\\})?\\s+([0-9.e+]+)`, 'm').exec(text)?.[1] ?? NaN);
	return { acquired: read('expression_pool_acquired'), cold: read('expression_pool_cold_start_sync') };
}

function perDelivery(summary: ProfileSummary, deliveries: number, owner: string): number {
	return round((summary.byOwner.find((entry) => entry.owner === owner)?.ms ?? 0) / deliveries, 1);
}

export async function profileConfiguration(options: {
	label: string;
	tarball: string;
	env: Record<string, string>;
	fake: FakeProcess;
	leadIds: string[];
	setups: SetupKey[];
	triggerVersion?: number;
	deliveries: number;
	log: (line: string) => void;
}): Promise<SetupProfile[]> {
	const n8n = await startBenchN8n({ tarball: options.tarball, env: { ...options.env, ...INSPECT_ENV, N8N_METRICS: 'true' } });
	const results: SetupProfile[] = [];
	try {
		const credentials = await createBenchCredentials(n8n, options.fake);
		const setups = await createSetups(n8n, options.fake, credentials, options.triggerVersion ?? 1);
		const inspector = await Inspector.attach(n8n);
		let cursor = 0;
		const take = (count: number) => options.leadIds.slice(cursor, (cursor += count));
		for (const key of options.setups) {
			await runBatch(n8n, options.fake.admin, setups[key], take(30), 5, 0);
			const before = await counters(n8n);
			await inspector.startProfiling();
			const batch = await runBatch(n8n, options.fake.admin, setups[key], take(options.deliveries), 10, 1);
			const profile = await inspector.stopProfiling();
			const after = await counters(n8n);
			const summary = summarizeProfile(profile);
			const n = options.deliveries;
			const result: SetupProfile = {
				setup: `${options.label} ${key}${key === 'a' && options.triggerVersion && options.triggerVersion !== 1 ? ` (trigger v${options.triggerVersion})` : ''}`,
				deliveries: n,
				deliveriesPerSecond: batch.deliveriesPerSecond,
				busyMsPerDelivery: round(summary.busyMs / n, 1),
				isolateMsPerDelivery: perDelivery(summary, n, '@n8n/expression-runtime'),
				isolatesPerDelivery: round((after.acquired - before.acquired) / n, 2),
				coldStartsPerDelivery: round((after.cold - before.cold) / n, 2),
				packageMsPerDelivery: round(summary.underPackageMs / n, 2),
				byOwner: summary.byOwner.filter((entry) => entry.owner !== 'idle').slice(0, 8).map((entry) => ({ owner: entry.owner, msPerDelivery: round(entry.ms / n, 1) })),
				isolateStacks: stacksTo(profile, /^(acquireBridgeSync|acquireIsolate)$/, 4).map((entry) => ({ msPerDelivery: round(entry.ms / n, 2), stack: entry.stack.slice(-9) })),
			};
			results.push(result);
			options.log(
				`profile ${result.setup}: ${result.busyMsPerDelivery} ms CPU/delivery, isolates ${result.isolatesPerDelivery}/delivery ` +
					`(cold ${result.coldStartsPerDelivery}), expression-runtime ${result.isolateMsPerDelivery} ms, package frames ${result.packageMsPerDelivery} ms`,
			);
		}
		inspector.close();
	} finally {
		await n8n.dispose();
	}
	return results;
}
