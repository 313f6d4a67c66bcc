/**
 * Fires GET deliveries at n8n with undici at a fixed concurrency, the way Aurora's delivery
 * workers would: every request is one delivery, every latency is from send to full response.
 */
import { performance } from 'perf_hooks';

import { Agent, request } from 'undici';

export interface Delivery {
	url: string;
	headers: Record<string, string>;
}

export interface BurstResult {
	/** From the first send to the last response, ms. */
	wallMs: number;
	latenciesMs: number[];
	/** Count per HTTP status ("error" for a request that got no answer). */
	statuses: Record<string, number>;
	startedAt: number;
}

export async function fireBurst(deliveries: Delivery[], concurrency: number, timeoutMs = 60_000): Promise<BurstResult> {
	const agent = new Agent({ connections: Math.max(concurrency, 1), keepAliveTimeout: 10_000, pipelining: 1 });
	const latenciesMs: number[] = [];
	const statuses: Record<string, number> = {};
	let next = 0;
	const startedAt = Date.now();
	const t0 = performance.now();
	const worker = async () => {
		while (next < deliveries.length) {
			const delivery = deliveries[next++];
			const sent = performance.now();
			let status = 'error';
			try {
				const response = await request(delivery.url, {
					method: 'GET',
					headers: delivery.headers,
					dispatcher: agent,
					headersTimeout: timeoutMs,
					bodyTimeout: timeoutMs,
				});
				await response.body.dump();
				status = String(response.statusCode);
			} catch {
				status = 'error';
			}
			latenciesMs.push(performance.now() - sent);
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
	const wallMs = performance.now() - t0;
	await agent.close();
	return { wallMs, latenciesMs, statuses, startedAt };
}
