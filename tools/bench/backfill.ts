/**
 * Phase 2: backfill. Every lead (10,000) through Get Many with Return All inside n8n, against a
 * fake that enforces Aurora's 90 requests per minute per key (60 s sliding window, real time),
 * compared with the HTTP Request node's own pagination over the same endpoint.
 */
import { randomUUID } from 'crypto';
import { performance } from 'perf_hooks';

import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import type { FakeProcess } from './fake-process';
import { round } from './stats';
import { httpBackfill, packageBackfill } from './workflows';

export const RATE_LIMIT_PER_MINUTE = 90;
export const RATE_WINDOW_MS = 60_000;

export interface BackfillScenario {
	name: string;
	/** Largest page the fake serves (Aurora's is undocumented; 250 is the one known claim). */
	serverMaxPerPage: number;
	kind: 'package' | 'http';
	perPage?: number;
	requestIntervalMs?: number;
}

export interface BackfillResult extends BackfillScenario {
	leads: number;
	pageSize: number;
	status: number;
	itemsReturned: number;
	uniqueIds: number;
	requests: number;
	/** Page requests answered 200. */
	pagesOk: number;
	responses429: number;
	otherFailures: number;
	wallMs: number;
	/** floor((accepted requests - 1) / 90) × 60 s: what the limit alone forces. */
	minimumMs: number;
	/** ⌈N / page size⌉ + 1 (the last, empty page). */
	targetRequests: number;
	error?: string;
}

export const SCENARIOS: BackfillScenario[] = [
	{ name: 'Aurora Solar: Get Many, Return All', kind: 'package', serverMaxPerPage: 250 },
	{ name: 'HTTP Request pagination, per_page=250', kind: 'http', perPage: 250, requestIntervalMs: 0, serverMaxPerPage: 250 },
	{ name: 'Aurora Solar: Get Many, Return All (server caps pages at 100)', kind: 'package', serverMaxPerPage: 100 },
	{ name: 'HTTP Request pagination, per_page=100', kind: 'http', perPage: 100, requestIntervalMs: 0, serverMaxPerPage: 100 },
	{ name: 'HTTP Request pagination, per_page=100, 667 ms between requests', kind: 'http', perPage: 100, requestIntervalMs: 667, serverMaxPerPage: 100 },
];

export function minimumWallMs(acceptedRequests: number): number {
	return acceptedRequests <= 0 ? 0 : Math.floor((acceptedRequests - 1) / RATE_LIMIT_PER_MINUTE) * RATE_WINDOW_MS;
}

export async function runBackfill(
	n8n: N8nInstance,
	fake: FakeProcess,
	credentials: { aurora: string; bearer: string },
	scenario: BackfillScenario,
	leads: number,
): Promise<BackfillResult> {
	// A fresh fake state: no leads, logs or rate-limit window left over from the previous scenario.
	await fake.admin.reset();
	await fake.admin.configure({ rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, rateLimitWindowMs: RATE_WINDOW_MS, maxPerPage: scenario.serverMaxPerPage });
	await fake.admin.seedLeads(leads);
	const path = `bench-backfill-${randomUUID().slice(0, 8)}`;
	const workflow =
		scenario.kind === 'package'
			? packageBackfill({ name: `bench backfill: ${scenario.name}`, path, credentialId: credentials.aurora, parameters: { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true } })
			: httpBackfill({ path, bearerCredentialId: credentials.bearer, fakeUrl: fake.url, tenantId: fake.tenantId, perPage: scenario.perPage ?? 100, requestIntervalMs: scenario.requestIntervalMs ?? 0 });
	const created = await n8n.createWorkflow(workflow);
	await n8n.activateWorkflow(created.id);
	try {
		const t0 = performance.now();
		const response = await n8n.callWebhook(path, { timeoutMs: 600_000 });
		const wallMs = performance.now() - t0;
		const items = Array.isArray(response.json) ? (response.json as Array<{ id?: string }>) : [];
		const log = (await fake.admin.requests()).filter((entry) => entry.path.endsWith('/leads'));
		const pagesOk = log.filter((entry) => entry.status === 200).length;
		const pageSize = Math.min(scenario.perPage ?? 250, scenario.serverMaxPerPage);
		return {
			...scenario,
			leads,
			pageSize,
			status: response.status,
			itemsReturned: items.length,
			uniqueIds: new Set(items.map((item) => item.id)).size,
			requests: log.length,
			pagesOk,
			responses429: log.filter((entry) => entry.status === 429).length,
			otherFailures: log.filter((entry) => entry.status !== 200 && entry.status !== 429).length,
			wallMs: round(wallMs, 0),
			minimumMs: minimumWallMs(pagesOk),
			targetRequests: Math.ceil(leads / pageSize) + 1,
			error: response.status === 200 ? undefined : response.text.slice(0, 300),
		};
	} finally {
		await n8n.deactivateWorkflow(created.id).catch(() => undefined);
	}
}
