/**
 * Secrets survive saves, republishes and restarts. n8n replaces the subscriptions of an active
 * workflow on a save (1.x: remove() then add('update')) and on a republish that changes the trigger
 * (2.x: teardown, then activation in 'update' mode). Aurora may still redeliver to the old URL with
 * the old secret; those deliveries must land for 72 h while the workflow stays active.
 */
import type { IDataObject } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { RETIRED_SECRET_LIFETIME_MS } from '../../../nodes/AuroraSolar/trigger/node/static-data';
import { hookContext, webhookContext } from '../../support/contexts';
import type { HookOptions } from '../../support/contexts';
import { useRemoteSubscriptions } from './remote-subscriptions';
import type { RemoteSubscriptions } from './remote-subscriptions';

const aurora = useRemoteSubscriptions();
const trigger = new AuroraSolarTrigger();
const { checkExists, create } = trigger.webhookMethods.default;
const remove = trigger.webhookMethods.default.delete;

const LEAD_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const TWO = ['lead_created', 'lead_changed'];

let store: RemoteSubscriptions;
beforeEach(() => {
	store = aurora.store;
});
afterEach(() => {
	jest.restoreAllMocks();
});

async function activate(staticData: IDataObject, options: HookOptions = {}): Promise<void> {
	const ctx = hookContext({ parameters: { events: TWO }, staticData, ...options });
	if (!(await checkExists.call(ctx))) await create.call(ctx);
}

/** The GET Aurora sends for the current lead_created subscription, captured before it is replaced. */
function captureDelivery(event = 'lead_created') {
	const [subscription] = store.all().filter((candidate) => candidate.event === event);
	return store.deliveryFor(subscription.id, { LEAD_ID });
}

async function deliver(delivery: { query: IDataObject; headers: IDataObject }, staticData: IDataObject, events = TWO) {
	const ctx = webhookContext({ ...delivery, staticData, parameters: { events, retrieveDetails: false } });
	const result = await trigger.webhook.call(ctx);
	return { status: ctx.response.status ?? 200, executed: result.workflowData !== undefined, items: result.workflowData?.[0] ?? [] };
}

/** A save on n8n 1.x, or a republish with changed trigger parameters on 2.x. */
async function replace(staticData: IDataObject): Promise<void> {
	await remove.call(hookContext({ parameters: { events: TWO }, staticData }));
	await activate(staticData, { activation: 'update' });
}

describe('a redelivery addressed with the secret of a subscription n8n replaced', () => {
	it.each([['a save (1.x) or republish (2.x)', 'update'], ['a restart', 'init'], ['a leadership change', 'leadershipChange']] as const)(
		'is accepted after %s, with the event and its id', async (_label, activation) => {
			const staticData: IDataObject = {};
			await activate(staticData);
			const old = captureDelivery();
			await remove.call(hookContext({ parameters: { events: TWO }, staticData }));
			await activate(staticData, { activation });
			expect(store.all()).toHaveLength(2);
			expect(store.all().some((subscription) => subscription.url_template.includes(String(old.query.aurora_secret)))).toBe(false);

			const outcome = await deliver(old, staticData);
			expect(outcome.status).toBe(200);
			expect(outcome.items.map((item) => item.json)).toEqual([{ event: 'lead_created', received_at: expect.any(String), lead_id: LEAD_ID }]);
			// And the new subscription delivers too.
			expect((await deliver(captureDelivery(), staticData)).executed).toBe(true);
		},
	);

	it('is accepted while n8n is still replacing the subscription (static data holds only the retired secret)', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const old = captureDelivery();
		await remove.call(hookContext({ parameters: { events: TWO }, staticData }));
		expect(staticData.subscriptions).toBeUndefined();
		const outcome = await deliver(old, staticData);
		expect(outcome.items.map((item) => item.json)).toEqual([{ event: 'lead_created', received_at: expect.any(String), lead_id: LEAD_ID }]);
	});

	it('is refused (401) in that window when it carries another event\'s retired secret', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const other = captureDelivery('lead_changed');
		await remove.call(hookContext({ parameters: { events: TWO }, staticData }));
		const forged = { ...other, query: { ...other.query, aurora_event: 'lead_created' } };
		expect(await deliver(forged, staticData)).toEqual({ status: 401, executed: false, items: [] });
	});

	it('is refused (401) after the workflow was deactivated and activated again', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const old = captureDelivery();
		await remove.call(hookContext({ parameters: { events: TWO }, staticData }));
		await activate(staticData, { activation: 'activate' });
		expect(await deliver(old, staticData)).toEqual({ status: 401, executed: false, items: [] });
	});

	it('is refused (401) once 72 hours have passed', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const old = captureDelivery();
		await replace(staticData);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + RETIRED_SECRET_LIFETIME_MS - 60_000);
		expect((await deliver(old, staticData)).status).toBe(200);
		jest.spyOn(Date, 'now').mockReturnValue(now + RETIRED_SECRET_LIFETIME_MS + 60_000);
		expect(await deliver(old, staticData)).toEqual({ status: 401, executed: false, items: [] });
	});

	it('is acknowledged without an execution when its event is no longer selected', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const old = captureDelivery('lead_changed');
		await replace(staticData);
		expect(await deliver(old, staticData, ['lead_created'])).toEqual({ status: 200, executed: false, items: [] });
	});

	it('is refused (401) when it names another event than the one the secret was issued for', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const old = captureDelivery('lead_changed');
		await replace(staticData);
		expect(await deliver({ ...old, query: { ...old.query, aurora_event: 'lead_created' } }, staticData)).toEqual({ status: 401, executed: false, items: [] });
	});

	it('is remembered only as a hash: the old secret is nowhere in static data', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const secrets = store.all().map((subscription) => String(subscription.header_auth_value));
		await replace(staticData);
		const saved = JSON.stringify(staticData);
		for (const secret of secrets) expect(saved).not.toContain(secret);
		expect(staticData.retiredSecrets).toHaveLength(2);
	});

	it('survives repeated saves within 72 hours (every retired secret still lands)', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const deliveries = [captureDelivery()];
		for (let save = 0; save < 3; save++) {
			await replace(staticData);
			deliveries.push(captureDelivery());
		}
		for (const delivery of deliveries) expect((await deliver(delivery, staticData)).executed).toBe(true);
		expect(store.all()).toHaveLength(2);
	});
});

describe('static data that is damaged or from an older version never breaks a delivery', () => {
	it.each([
		['retiredSecrets is not a list', { retiredSecrets: 'oops' }],
		['a retired entry has no hash', { retiredSecrets: [{ event: 'lead_created', retiredAt: 1 }] }],
		['subscriptions is a list', { subscriptions: [] }],
		['a subscription has no secret', { subscriptions: { lead_created: { id: '1' } } }],
	])('%s: 401 for a stranger, no crash', async (_label, staticData) => {
		const outcome = await deliver({ query: { aurora_event: 'lead_created', lead_id: LEAD_ID, aurora_secret: 'x' }, headers: {} }, staticData as IDataObject);
		expect(outcome).toEqual({ status: 401, executed: false, items: [] });
	});

	it('static data from version 0.1 (no retired secrets, numeric ids) still verifies and retrieves', async () => {
		const secret = 'd'.repeat(64);
		const staticData = { subscriptions: { lead_created: { id: 17, event: 'lead_created', secret, url: 'https://n8n.example.com/webhook/x/webhook' } } };
		const outcome = await deliver({ query: { aurora_event: 'lead_created', lead_id: LEAD_ID, aurora_secret: secret }, headers: {} }, staticData as IDataObject);
		expect(outcome.executed).toBe(true);
	});
});
