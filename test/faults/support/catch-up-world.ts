/**
 * What the catch-up scenarios share: one fake Aurora tenant (and API key) per scenario, so that each
 * has its own rate budget and its own leads; the Postgres example (trigger 1.2, catch-up on by
 * default) storing into its own database; and the tally of what reached the user, per lead.
 */
import { randomUUID } from 'crypto';

import type { AdminSubscription, FakeAuroraClient } from '../../../devkit/fake-aurora/client';
import { sleep } from '../../../devkit/http';
import type { Lead, RequestLogEntry, TenantOption } from '../../../devkit/fake-aurora/types';
import type { AuroraStack } from '../../../devkit/stack/stack';
import { TRIGGER_TYPE } from '../../../devkit/stack/stack';
import { hookOf, waitFor } from '../../../devkit/stack/subscriptions';
import { loadExample } from '../../../devkit/stack/workflows';
import { createLeadSink } from '../../e2e/support/lead-sink';
import { sql } from '../../e2e/support/psql';
import type { Json, Run } from './live';
import { runsOf } from './live';

export interface Tenant {
	key: string;
	tenantId: string;
	token: string;
}

/** A tenant per scenario key; the token looks like a sandbox key, as a real one would. */
export function tenantsFor<K extends string>(keys: readonly K[]): Record<K, Tenant> {
	const entries = keys.map((key): [K, Tenant] => [key, { key, tenantId: randomUUID(), token: `sk_sand_catchup_${key}_${randomUUID().slice(0, 8)}` }]);
	return Object.fromEntries(entries) as Record<K, Tenant>;
}

export function tenantOptions(tenants: Record<string, Tenant>): TenantOption[] {
	return Object.values(tenants).map((tenant) => ({ tenantId: tenant.tenantId, tokens: [tenant.token], name: `Catch-up ${tenant.key}` }));
}

/** One scenario's workflow: the Postgres example on its own tenant and database. */
export interface StoreWorkflow {
	tenant: Tenant;
	id: string;
	/** Its Aurora credential in n8n. */
	credentialId: string;
	database: string;
	/** Its production webhook URL (webhook mode), once its subscriptions exist. */
	hook?: string;
}

export const EVENTS = ['lead_created', 'lead_changed'];

/**
 * Creates and activates the Postgres example for a tenant. `trigger` replaces trigger parameters
 * (e.g. `{ receiveEventsVia: 'polling', pollIntervalMinutes: 1 }`); the check interval is 1 minute.
 */
export async function storeWorkflow(stack: AuroraStack, tenant: Tenant, trigger: Json = {}): Promise<StoreWorkflow> {
	const credential = await stack.n8n.createCredential(`Aurora ${tenant.key}`, 'auroraSolarApi', {
		environment: 'custom',
		baseUrl: stack.fake.url,
		apiToken: tenant.token,
		tenantId: tenant.tenantId,
	});
	const sink = await createLeadSink(stack.n8n, `Postgres ${tenant.key}`);
	const workflow = loadExample('aurora-lead-to-postgres.json', { auroraSolarApi: credential.id, postgres: sink.credentialId }) as Json & { nodes: Json[]; name: string };
	workflow.name = `Catch-up: ${tenant.key}`;
	const node = workflow.nodes.find((entry) => entry.type === TRIGGER_TYPE) as Json & { parameters: Json };
	node.parameters = { ...node.parameters, options: { checkIntervalMinutes: 1 }, ...trigger };
	const created = await stack.n8n.createWorkflow(workflow);
	await stack.n8n.activateWorkflow(created.id);
	return { tenant, id: created.id, credentialId: credential.id, database: sink.database };
}

/** The tenant's subscriptions that deliver to this workflow. */
export async function subscriptionsFor(admin: FakeAuroraClient, flow: StoreWorkflow): Promise<AdminSubscription[]> {
	const all = await admin.subscriptions(flow.tenant.tenantId);
	return all.filter((subscription) => subscription.description?.includes(`(${flow.id})`));
}

/** Until the workflow holds one enabled subscription per event; returns them by event. */
export async function settledSubscriptions(admin: FakeAuroraClient, flow: StoreWorkflow, timeoutMs = 60_000): Promise<Record<string, AdminSubscription>> {
	return await waitFor(
		`one enabled subscription per event for "${flow.tenant.key}"`,
		async () => {
			const subscriptions = await subscriptionsFor(admin, flow);
			const byEvent = Object.fromEntries(subscriptions.map((subscription) => [subscription.event, subscription]));
			if (subscriptions.length !== EVENTS.length || !EVENTS.every((event) => byEvent[event]?.enabled === true)) return undefined;
			flow.hook = hookOf(subscriptions[0]);
			return byEvent;
		},
		timeoutMs,
	);
}

export interface SinkRow {
	lead_id: string;
	event: string;
	email: string | null;
	updated_count: number;
	has_lead: boolean;
}

export function rowsOf(flow: StoreWorkflow): SinkRow[] {
	return sql<SinkRow>(flow.database, "SELECT lead_id, event, email, updated_count, jsonb_typeof(lead) = 'object' AS has_lead FROM aurora_leads");
}

/** What the user must end up with for one lead: a row holding its latest email, reached by these events. */
export interface Expected {
	lead: Lead;
	/** When it was created or last changed in Aurora (for the time to arrival). */
	at: number;
	/** The events that may carry it to the workflow (a new lead changed before the catch-up found it arrives as lead_created). */
	events: string[];
}

/** Polls the sink (cheap: no execution data) until every expected lead is stored as it is now. */
export async function waitStored(flow: StoreWorkflow, expected: Expected[], timeoutMs: number): Promise<number> {
	const started = Date.now();
	const deadline = started + timeoutMs;
	const latest = new Map(expected.map(({ lead }) => [lead.id, lead]));
	for (;;) {
		const rows = new Map(rowsOf(flow).map((row) => [row.lead_id, row]));
		const done = [...latest.values()].every((lead) => rows.get(lead.id)?.has_lead === true && rows.get(lead.id)?.email === lead.customer.customer_email);
		if (done || Date.now() > deadline) return Date.now() - started;
		await sleep(2_000);
	}
}

export interface Tally {
	/** Leads (or changes) that never reached the workflow with their data. */
	lost: string[];
	/** Leads without exactly one row holding their latest data. */
	badRows: Array<{ lead: string; rows: number; email?: string | null; want: string | null }>;
	/** Rows for leads nobody expected (replays of the baseline). */
	strayRows: number;
	/** Items beyond the first per lead and content. */
	rawDuplicates: number;
	caughtUp: number;
	executions: number;
	/** Executions in which the trigger passed nothing on (a caught-up copy of something a delivery had passed on). */
	emptyRuns: number;
	failedExecutions: number;
	/** From the change in Aurora to the first execution that carried it. */
	maxArrivalMs: number;
	medianArrivalMs: number;
	runs: Run[];
}

function itemsOf(runs: Run[]): Json[] {
	return runs.flatMap((run) => run.items);
}

/** What reached the user, per expected lead: executions (the trigger's items) and rows. */
export async function tally(stack: AuroraStack, flow: StoreWorkflow, expected: Expected[]): Promise<Tally> {
	const runs = await runsOf(stack.n8n, flow.id);
	const items = itemsOf(runs);
	const rows = rowsOf(flow);
	const lost: string[] = [];
	const arrivals: number[] = [];
	for (const { lead, at, events } of expected) {
		const carrying = items.filter((item) => item.lead_id === lead.id && events.includes(String(item.event)) && (item.lead as Lead | null)?.customer?.customer_email === lead.customer.customer_email);
		if (carrying.length === 0) lost.push(`${events.join(' or ')} ${lead.id}`);
		else arrivals.push(Math.min(...carrying.map((item) => new Date(String(item.received_at)).getTime())) - at);
	}
	// Per lead, as it is now: the last of its expected states.
	const latest = new Map(expected.map(({ lead }) => [lead.id, lead]));
	const badRows = [...latest.values()]
		.map((lead) => ({ lead: lead.id, found: rows.filter((row) => row.lead_id === lead.id), want: lead.customer.customer_email }))
		.filter(({ found, want }) => found.length !== 1 || found[0].email !== want || !found[0].has_lead)
		.map(({ lead, found, want }) => ({ lead, rows: found.length, email: found[0]?.email, want }));
	// The same lead with the same content more than once, under whichever event.
	const perKey = new Map<string, number>();
	for (const item of items) {
		const key = `${String(item.lead_id)}:${(item.lead as Lead | null)?.customer?.customer_email ?? ''}`;
		perKey.set(key, (perKey.get(key) ?? 0) + 1);
	}
	arrivals.sort((a, b) => a - b);
	return {
		lost,
		badRows,
		strayRows: rows.filter((row) => !latest.has(row.lead_id)).length,
		rawDuplicates: [...perKey.values()].reduce((sum, count) => sum + count - 1, 0),
		caughtUp: items.filter((item) => item.caught_up === true).length,
		executions: runs.length,
		emptyRuns: runs.filter((run) => run.items.length === 0).length,
		failedExecutions: runs.filter((run) => run.status !== 'success').length,
		maxArrivalMs: arrivals.length ? arrivals[arrivals.length - 1] : 0,
		medianArrivalMs: arrivals.length ? arrivals[Math.floor(arrivals.length / 2)] : 0,
		runs,
	};
}

/** The catch-up's own requests for one tenant: List Leads pages (a path without an id). */
export function listRequests(entries: RequestLogEntry[], tenant: Tenant): RequestLogEntry[] {
	return entries.filter((entry) => entry.method === 'GET' && entry.path === `/tenants/${tenant.tenantId}/leads`);
}

/** How many list requests there were, and the most in any 60 s window (the sweep may take 30 of Aurora's 90). */
export function budgetUsed(lists: RequestLogEntry[]): { listRequests: number; maxListRequestsPerMinute: number } {
	const times = lists.map((entry) => new Date(entry.at).getTime()).sort((a, b) => a - b);
	let max = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= 60_000) start++;
		max = Math.max(max, end - start + 1);
	}
	return { listRequests: times.length, maxListRequestsPerMinute: max };
}

/** Changes a lead's email in Aurora (fires lead_changed); returns it as it is now. */
export async function changeEmail(admin: FakeAuroraClient, lead: Lead, tag: string): Promise<Lead> {
	return await admin.changeLead(lead.id, { customer: { customer_email: `${tag}.${lead.id.slice(0, 8)}@example.com` } });
}

/** The trigger's own lines in n8n's log (the newest `limit`), kept with a scenario that lost something. */
export function triggerLog(stack: AuroraStack, limit = 60): string[] {
	return stack.n8n
		.logs()
		.split('\n')
		.filter((line) => line.includes('Aurora Solar Trigger'))
		.slice(-limit)
		.map((line) => line.slice(0, 400));
}
