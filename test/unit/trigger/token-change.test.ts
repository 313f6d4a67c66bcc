/**
 * Secrets are derived from the API token (static data holds only a nonce and a hash). When the token
 * in the credential changes, subscriptions that work keep their secrets; one that must be recreated
 * gets a new one, and every delivery still lands: set-up saves the new hash and keeps the old one as
 * retired for 72 h; the scheduled check cannot save, so deliveries derive the new secret again.
 */
import type { IDataObject } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { checkOnce } from '../../../nodes/AuroraSolar/trigger/subscriptions/scheduled-check';
import { WEBHOOK_URL, hookContext, testCredentials, triggerContext, webhookContext } from '../../support/contexts';
import { useRemoteSubscriptions } from './remote-subscriptions';

const aurora = useRemoteSubscriptions();
const trigger = new AuroraSolarTrigger();
const { checkExists, create } = trigger.webhookMethods.default;

const LEAD_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const EVENTS = ['lead_created', 'lead_changed'];
const NEW_TOKEN = 'sk_sand_rotated_token_5e1d0b';
const rotated = testCredentials({ apiToken: NEW_TOKEN });

async function activate(staticData: IDataObject, credentials = testCredentials(), activation: 'activate' | 'update' | 'init' = 'activate') {
	const hook = hookContext({ parameters: { events: EVENTS }, staticData, credentials, activation });
	if (!(await checkExists.call(hook))) await create.call(hook);
	return hook;
}

function subscriptionFor(event: string) {
	const [subscription] = aurora.store.pointingAt(WEBHOOK_URL).filter((candidate) => candidate.event === event);
	return subscription;
}

/** What a webhook processor answers, with the static data in the database and the credential as it is now. */
async function deliver(delivery: { query: IDataObject; headers: IDataObject }, staticData: IDataObject, credentials = rotated) {
	const ctx = webhookContext({ ...delivery, staticData, credentials, parameters: { events: EVENTS, retrieveDetails: false } });
	const result = await trigger.webhook.call(ctx);
	return { status: ctx.response.status ?? 200, executed: result.workflowData !== undefined };
}

describe('after the API token in the credential changed', () => {
	it('set-up keeps working subscriptions and their secrets as they are', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const before = JSON.stringify(staticData.subscriptions);
		const ids = aurora.store.all().map((subscription) => subscription.id);

		await activate(staticData, rotated, 'init');

		expect(JSON.stringify(staticData.subscriptions)).toBe(before);
		expect(aurora.store.all().map((subscription) => subscription.id)).toEqual(ids);
		const delivery = aurora.store.deliveryFor(subscriptionFor('lead_created').id, { LEAD_ID });
		expect(await deliver(delivery, staticData)).toEqual({ status: 200, executed: true });
	});

	it('set-up gives a subscription it must recreate a new secret, stores its hash, and still accepts the old one for queued redeliveries', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const gone = subscriptionFor('lead_created');
		const queued = aurora.store.deliveryFor(gone.id, { LEAD_ID });
		aurora.store.remove(gone.id);

		const hook = await activate(staticData, rotated, 'update');

		const recreated = subscriptionFor('lead_created');
		expect(recreated.id).not.toBe(gone.id);
		expect(recreated.header_auth_value).not.toBe(gone.header_auth_value);
		expect(hook.logs.info.join('\n')).toMatch(/gave the lead_created subscription a new secret \(the API token changed\)/);
		// A webhook processor that has only the saved static data, and the old token no more:
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(await deliver(aurora.store.deliveryFor(recreated.id, { LEAD_ID }), saved)).toEqual({ status: 200, executed: true });
		expect(await deliver(queued, saved)).toEqual({ status: 200, executed: true });
		expect(JSON.stringify(saved)).not.toContain(String(recreated.header_auth_value));
	});

	it('the scheduled check recreates a deleted subscription with the new token’s secret, and deliveries to it land without a save', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		aurora.store.remove(subscriptionFor('lead_created').id);

		await checkOnce.call(triggerContext({ parameters: { events: EVENTS }, staticData, credentials: rotated }));

		const recreated = subscriptionFor('lead_created');
		expect(recreated).toBeDefined();
		// Static data as the database still has it: the old hash. The nonce is there, so the secret is derived again.
		expect(await deliver(aurora.store.deliveryFor(recreated.id, { LEAD_ID }), saved)).toEqual({ status: 200, executed: true });
		// Derived for this node and event only: the same secret names no other event.
		const elsewhere = aurora.store.deliveryFor(recreated.id, { LEAD_ID });
		elsewhere.query.aurora_event = 'lead_changed';
		expect((await deliver(elsewhere, saved)).status).toBe(401);
	});

	it('a forged secret is still refused after the token is read to derive the secret', async () => {
		const staticData: IDataObject = {};
		await activate(staticData);
		const delivery = aurora.store.deliveryFor(subscriptionFor('lead_created').id, { LEAD_ID });
		const forged = { query: { ...delivery.query, aurora_secret: 'f'.repeat(64) }, headers: {} };

		expect((await deliver(forged, staticData)).status).toBe(401);
		expect((await deliver(forged, staticData, testCredentials())).status).toBe(401);
	});
});
