/**
 * The trigger's own schedule (trigger() + n8n's registerCron): what heals on n8n 2.x, where
 * checkExists runs only at publish. Subscriptions are made by the real lifecycle against the
 * in-memory Aurora; then Aurora changes behind n8n's back and only the scheduled check runs.
 */
import type { IDataObject } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { nodeKey as lockKey } from '../../../nodes/AuroraSolar/trigger/node/identity';
import { FIRST_CHECK_DELAY_MS } from '../../../nodes/AuroraSolar/trigger/schedule';
import { exclusively, isBusy } from '../../../nodes/AuroraSolar/trigger/node/lock';
import { checkOnce } from '../../../nodes/AuroraSolar/trigger/subscriptions/scheduled-check';
import { recordSleeps } from '../../support/sleeps';
import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { WEBHOOK_URL, hookContext, triggerContext, webhookContext } from '../../support/contexts';
import { useRemoteSubscriptions } from './remote-subscriptions';
import type { RemoteSubscriptions } from './remote-subscriptions';

const aurora = useRemoteSubscriptions();
const trigger = new AuroraSolarTrigger();

const TWO = ['lead_created', 'project_status_changed'];

let store: RemoteSubscriptions;
beforeEach(() => {
	store = aurora.store;
});
afterEach(() => {
	jest.restoreAllMocks();
});

/** An active trigger: activated by n8n's lifecycle, static data as n8n saved it. */
async function activated(events = TWO, options: IDataObject = {}) {
	const staticData: IDataObject = {};
	const hook = hookContext({ parameters: { events }, staticData });
	if (!(await trigger.webhookMethods.default.checkExists.call(hook))) await trigger.webhookMethods.default.create.call(hook);
	const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	const ctx = triggerContext({ parameters: { events, options }, staticData });
	store.requests.length = 0;
	return { ctx, saved, staticData };
}

function ours() {
	return store.pointingAt(WEBHOOK_URL);
}

/** A delivery as Aurora would send it now, checked by a webhook context with the static data n8n saved. */
async function deliveryAccepted(saved: IDataObject, event: string): Promise<boolean> {
	const [subscription] = ours().filter((candidate) => candidate.event === event && candidate.enabled);
	const { query, headers } = store.deliveryFor(subscription.id, { LEAD_ID: '3fa85f64-5717-4562-b3fc-2c963f66afa6', PROJECT_ID: '7c9e6679-7425-40de-944b-e07fc1f90ae7', STATUS: 'Sold' });
	const ctx = webhookContext({ query, headers, staticData: saved, parameters: { events: TWO, retrieveDetails: false } });
	const result = await trigger.webhook.call(ctx);
	return ctx.response.status === undefined && result.workflowData !== undefined;
}

describe('checkOnce', () => {
	it('changes nothing while every subscription is healthy (it only reads the list)', async () => {
		const { ctx } = await activated();
		const before = store.all();
		await checkOnce.call(ctx);
		expect(store.all()).toEqual(before);
		expect(store.requests.length).toBeGreaterThan(0);
		expect(store.requests.every((request) => request.method === 'GET' && request.path === '/webhooks')).toBe(true);
	});

	it('recreates a subscription deleted in Aurora, with the secret n8n saved, so its deliveries are accepted', async () => {
		const { ctx, saved, staticData } = await activated();
		const deleted = (staticData.subscriptions as Record<string, { id: string }>).lead_created.id;
		store.remove(deleted);
		await checkOnce.call(ctx);
		expect(ours().map((subscription) => subscription.event).sort()).toEqual([...TWO].sort());
		expect(store.count('POST')).toBe(1);
		expect(await deliveryAccepted(saved, 'lead_created')).toBe(true);
		expect(ctx.logs.info.join('\n')).toMatch(/recreated the lead_created subscription/);
	});

	it('re-enables a subscription Aurora disabled (after 48 h of failures), in place', async () => {
		const { ctx, saved, staticData } = await activated();
		const { id } = (staticData.subscriptions as Record<string, { id: string }>).project_status_changed;
		store.update(id, { enabled: false });
		await checkOnce.call(ctx);
		expect(store.get(id)?.enabled).toBe(true);
		expect(store.count('POST')).toBe(0);
		expect(ours()).toHaveLength(2);
		expect(await deliveryAccepted(saved, 'project_status_changed')).toBe(true);
	});

	it('removes duplicates and leftovers at its URL, never leaving more than one subscription per event', async () => {
		const { ctx, staticData } = await activated();
		const { secret } = (staticData.subscriptions as Record<string, { secret: string }>).lead_created;
		const [original] = ours().filter((subscription) => subscription.event === 'lead_created');
		const twin = { ...original, description: 'twin' } as Partial<typeof original>;
		delete twin.id;
		store.seed({ ...twin, event: original.event, url_template: original.url_template });
		store.seed({ event: 'lead_created', url_template: original.url_template.replace(secret, 'c'.repeat(64)) });
		await checkOnce.call(ctx);
		expect(ours()).toHaveLength(2);
		expect(store.get(original.id)).toBeDefined();
	});

	it('creates a subscription n8n could not create during an outage, with the secret chosen then', async () => {
		store.fault({ method: 'POST', event: 'project_status_changed', times: BUDGETS.lifecycle.maxAttempts, reply: () => [503, { error: 'maintenance' }] });
		const { ctx, saved } = await activated();
		expect(ours().map((subscription) => subscription.event)).toEqual(['lead_created']);
		await checkOnce.call(ctx);
		expect(ours().map((subscription) => subscription.event).sort()).toEqual([...TWO].sort());
		expect(await deliveryAccepted(saved, 'project_status_changed')).toBe(true);
	});

	it('never chooses a secret of its own (n8n cannot save what the check changes): an event with none stays missing', async () => {
		const { ctx } = await activated(['lead_created']);
		const wider = triggerContext({ parameters: { events: TWO }, staticData: ctx.staticData });
		await checkOnce.call(wider);
		expect(ours().map((subscription) => subscription.event)).toEqual(['lead_created']);
		expect(store.count('POST')).toBe(0);
	});

	it('while Aurora is down: deletes and creates nothing, logs a warning, and mends it at the next check', async () => {
		const { ctx, staticData } = await activated();
		store.remove((staticData.subscriptions as Record<string, { id: string }>).lead_created.id);
		store.fault({ method: 'GET', target: 'list', times: BUDGETS.lifecycle.maxAttempts, reply: () => [502, { error: 'bad gateway' }] });
		await checkOnce.call(ctx);
		expect(store.count('POST') + store.count('DELETE')).toBe(0);
		expect(ctx.logs.warn.join('\n')).toMatch(/502/);
		await checkOnce.call(ctx);
		expect(ours()).toHaveLength(2);
	});

	it('a revoked token is logged as an error that needs a person', async () => {
		const { ctx } = await activated();
		store.fault({ method: 'GET', target: 'list', reply: () => [401, { error: 'Invalid token' }] });
		await checkOnce.call(ctx);
		expect(ctx.logs.error.join('\n')).toMatch(/401/);
	});

	it('does nothing while n8n is still setting the node up (create() holds the lock)', async () => {
		const { ctx, staticData } = await activated();
		store.remove((staticData.subscriptions as Record<string, { id: string }>).lead_created.id);
		let release!: () => void;
		const busy = exclusively(lockKey(ctx), () => new Promise<void>((resolve) => (release = resolve)));
		await checkOnce.call(ctx);
		expect(store.requests).toEqual([]);
		release();
		await busy;
	});

	it('does nothing for a node that holds no subscription', async () => {
		const ctx = triggerContext({ parameters: { events: TWO } });
		await checkOnce.call(ctx);
		expect(store.requests).toEqual([]);
	});
});

describe('trigger(): the schedule (n8n\'s sleep is recorded and returns almost at once: test/support/sleeps.ts)', () => {
	/** Polls until `condition` holds; the check runs on n8n's clock, not the test's. */
	async function waitUntil(condition: () => boolean, what: string): Promise<void> {
		for (let waited = 0; !condition(); waited += 10) {
			if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	/** The first check, shortly after trigger() returned, has run to its end. */
	async function firstCheckDone(ctx: ReturnType<typeof triggerContext>): Promise<void> {
		await waitUntil(() => store.requests.length > 0 && !isBusy(lockKey(ctx)), 'the first check');
	}

	it('checks once shortly after every start, then registers a cron that runs every minute at a fixed second', async () => {
		const { ctx, staticData } = await activated();
		store.remove((staticData.subscriptions as Record<string, { id: string }>).lead_created.id);
		const sleeps = recordSleeps();
		const response = await trigger.trigger.call(ctx);
		expect(sleeps).toEqual([FIRST_CHECK_DELAY_MS]);
		expect(ctx.crons).toHaveLength(1);
		expect(ctx.crons[0].expression).toMatch(/^([0-9]|[1-5][0-9]) \* \* \* \* \*$/);
		await waitUntil(() => ours().length === 2, 'the deleted subscription to be recreated');
		await firstCheckDone(ctx);
		await response.closeFunction?.();
	});

	it.each([
		[undefined, 15],
		[1, 1],
		[1440, 1440],
		[0, 1],
		[99999, 1440],
	])('with Subscription Check Interval %p, checks every %p minute(s)', async (interval, minutes) => {
		const { ctx } = await activated(TWO, interval === undefined ? {} : { checkIntervalMinutes: interval });
		let now = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const response = await trigger.trigger.call(ctx);
		await firstCheckDone(ctx);
		store.requests.length = 0;
		// A check, once started, holds the node's lock from the tick on: whether it started is known at once.
		now += minutes * 60_000 - 5_000;
		ctx.crons[0].onTick();
		expect(isBusy(lockKey(ctx))).toBe(false);
		now += 5_000;
		ctx.crons[0].onTick();
		expect(isBusy(lockKey(ctx))).toBe(true);
		await waitUntil(() => !isBusy(lockKey(ctx)), 'the scheduled check');
		expect(store.count('GET', 'list')).toBeGreaterThan(0);
		await response.closeFunction?.();
	});

	it('stops checking once n8n closes the trigger (deactivation)', async () => {
		const { ctx } = await activated(TWO, { checkIntervalMinutes: 1 });
		let now = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const response = await trigger.trigger.call(ctx);
		await firstCheckDone(ctx);
		await response.closeFunction?.();
		store.requests.length = 0;
		now += 120_000;
		ctx.crons[0].onTick();
		expect(isBusy(lockKey(ctx))).toBe(false);
		expect(store.requests).toEqual([]);
	});

	it('never runs for "Listen for test event" (manual mode): no cron, no request', async () => {
		const { staticData } = await activated();
		const ctx = triggerContext({ parameters: { events: TWO }, staticData, mode: 'manual' });
		const sleeps = recordSleeps();
		const response = await trigger.trigger.call(ctx);
		expect(response).toEqual({});
		expect(ctx.crons).toEqual([]);
		expect(sleeps).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(store.requests).toEqual([]);
	});
});
