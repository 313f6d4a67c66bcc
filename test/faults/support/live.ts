/**
 * What the fault scenarios read off a live stack: the trigger's items per execution, the
 * subscriptions Aurora holds for one workflow and the ids n8n saved, deliveries sent as Aurora
 * sends them, and the answers Aurora got.
 */
import { request } from 'undici';

import type { AdminSubscription, FakeAuroraClient } from '../../../devkit/fake-aurora/client';
import type { DeliveryAttempt, RequestLogEntry } from '../../../devkit/fake-aurora/types';
import type { N8nInstance } from '../../../devkit/n8n/n8n-instance';
import { nodeOutput } from '../../e2e/support/execution-data';
import type { AuroraStack } from '../../../devkit/stack/stack';
import { hookOf, subscriptionsOf, waitFor } from '../../../devkit/stack/subscriptions';
import { triggerWorkflow } from '../../../devkit/stack/workflows';

export type Json = Record<string, unknown>;

export const TRIGGER = 'Aurora Solar Trigger';
export const SECRET_HEADER = 'x-aurora-webhook-secret';

/** Fault paths: a lead retrieval, and Aurora's webhook endpoints (`/webhooks`, `/webhooks/{id}`). */
export const PATHS = { retrieval: '^/tenants/[^/]+/leads/[^/]+$', webhookEndpoints: '^/tenants/[^/]+/webhooks(/[^/]+)?$' } as const;

/**
 * How long the scheduled check (interval 1 minute) may take to mend something: it runs ~5 s after
 * the trigger starts, then on a cron tick at least 59 s after the last run, so at most ~2 min apart.
 */
export const CHECK_MENDS_WITHIN_MS = 150_000;

/** One execution as the user sees it in n8n's list: its status and the trigger's items. */
export interface Run {
	id: string;
	status: string;
	startedAt: string;
	items: Json[];
}

export async function runsOf(n8n: N8nInstance, workflowId: string): Promise<Run[]> {
	const executions = await n8n.listExecutions({ workflowId, includeData: true });
	return executions.map((execution) => ({ id: String(execution.id), status: execution.status, startedAt: execution.startedAt, items: nodeOutput(execution, TRIGGER) }));
}

/** The runs whose trigger item is about this lead (`lead_id`) and, if given, this event. */
export function runsFor(runs: Run[], leadId: string, event?: string): Run[] {
	return runs.filter((run) => run.items.some((item) => item.lead_id === leadId && (event === undefined || item.event === event)));
}

/** Polls until `enough(runs)` holds or the time is up; returns the runs seen last either way. */
export async function pollRuns(n8n: N8nInstance, workflowId: string, enough: (runs: Run[]) => boolean, timeoutMs: number): Promise<Run[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const runs = await runsOf(n8n, workflowId);
		if (enough(runs) || Date.now() > deadline) return runs;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Runs started by the same lead and event more than once. */
export function duplicateRuns(runs: Run[]): number {
	const seen = new Map<string, number>();
	for (const run of runs) {
		for (const item of run.items) {
			const key = `${String(item.event)}:${String(item.lead_id)}`;
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}
	}
	return [...seen.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
}

/** Subscription ids per event as n8n saved them in the trigger's static data. */
export async function savedIds(n8n: N8nInstance, workflowId: string): Promise<Record<string, string>> {
	const { staticData } = await n8n.getWorkflow(workflowId);
	const parsed = (typeof staticData === 'string' ? JSON.parse(staticData) : (staticData ?? {})) as Record<string, { subscriptions?: Record<string, { id: string }> }>;
	const saved = parsed[`node:${TRIGGER}`]?.subscriptions ?? {};
	return Object.fromEntries(Object.entries(saved).map(([event, entry]) => [event, entry.id]));
}

/** The workflow's subscriptions in Aurora, by the webhook URL they deliver to. */
export async function subscriptionsAt(stack: AuroraStack, hook: string): Promise<AdminSubscription[]> {
	return await subscriptionsOf(stack.fake.url, hook);
}

/**
 * Whether Aurora holds exactly one enabled subscription per event at the hook and nothing else.
 * Returns them by event when it does. With `saved`, n8n must also have saved exactly those ids, as it
 * does after its own set-up (the scheduled check on n8n 2.x cannot save, and need not).
 */
export async function healthy(
	stack: AuroraStack,
	workflowId: string,
	hook: string,
	events: string[],
	options: { saved?: boolean } = {},
): Promise<Record<string, AdminSubscription> | undefined> {
	const remote = await subscriptionsAt(stack, hook);
	const byEvent = Object.fromEntries(remote.map((subscription) => [subscription.event, subscription]));
	if (remote.length !== events.length || !events.every((event) => byEvent[event]?.enabled === true)) return undefined;
	if (options.saved) {
		const saved = await savedIds(stack.n8n, workflowId);
		if (!events.every((event) => saved[event] === byEvent[event].id)) return undefined;
	}
	return byEvent;
}

/** Until n8n's set-up is over: one enabled subscription per event in Aurora, and n8n saved their ids. */
export async function waitSettled(stack: AuroraStack, workflowId: string, hook: string, events: string[], timeoutMs = 30_000) {
	return await waitFor(`one enabled, saved subscription per event (${events.join(', ')})`, async () => await healthy(stack, workflowId, hook, events, { saved: true }), timeoutMs);
}

/** Until n8n serves the production webhook: a delivery without a secret gets 401, not 404 "not registered". */
export async function waitRegistered(hook: string, timeoutMs = 60_000): Promise<boolean> {
	return await waitFor(
		`the webhook ${hook} to be registered`,
		async () => {
			const response = await request(`${hook}?aurora_event=lead_created`);
			await response.body.dump();
			return response.statusCode === 401 ? true : undefined;
		},
		timeoutMs,
	).catch(() => false);
}

/** A trigger workflow, activated, once its subscriptions are settled; returns its id, hook and subscriptions. */
export async function activeTrigger(stack: AuroraStack, name: string, events: string[], options: Json = { checkIntervalMinutes: 1 }) {
	const workflow = await stack.n8n.createWorkflow(triggerWorkflow({ name, credentialId: stack.credential.id, events, options }));
	await stack.n8n.activateWorkflow(workflow.id);
	const first = await waitFor(`the subscriptions of "${name}"`, async () =>
		(await subscriptionsOf(stack.fake.url)).find((subscription) => subscription.description?.includes(`(${workflow.id})`)),
	);
	const hook = hookOf(first);
	const subscriptions = await waitSettled(stack, workflow.id, hook, events);
	return { id: workflow.id, hook, subscriptions };
}

/** A GET to the trigger as Aurora sends it (the secret in the header, the URL as rendered). */
export async function deliver(url: string, secret: string): Promise<{ status: number; body: string }> {
	const response = await request(url, { headers: { [SECRET_HEADER]: secret, 'user-agent': 'fake-aurora-webhooks/1.0' }, headersTimeout: 15_000, bodyTimeout: 15_000 });
	return { status: response.statusCode, body: await response.body.text() };
}

/** Aurora's deliveries to these subscriptions: the answers, in order. */
export async function answersTo(admin: FakeAuroraClient, subscriptionIds: string[]): Promise<DeliveryAttempt[]> {
	const all = await admin.deliveries();
	return all.filter((attempt) => subscriptionIds.includes(attempt.webhookId));
}

export function answerOf(attempt: DeliveryAttempt): number | string {
	return attempt.status ?? attempt.error ?? 'no answer';
}

/** The index the fake's request log gives its next entry. */
export async function nextRequestIndex(admin: FakeAuroraClient): Promise<number> {
	const entries = await admin.requests();
	return entries.length === 0 ? 0 : entries[entries.length - 1].index + 1;
}

/** Requests to Aurora's webhook endpoints (`/webhooks`, `/webhooks/{id}`) since `since`. */
export async function webhookCalls(admin: FakeAuroraClient, since: number): Promise<RequestLogEntry[]> {
	return (await admin.requests(since)).filter((entry) => /\/webhooks(\/[^/]+)?$/.test(entry.path));
}

/** Subscription ids Aurora really deleted (DELETE answered 2xx) among these requests. */
export function deletedIds(entries: RequestLogEntry[]): string[] {
	return entries
		.filter((entry) => entry.method === 'DELETE' && entry.status >= 200 && entry.status < 300)
		.map((entry) => decodeURIComponent(entry.path.split('/').pop() ?? ''));
}
