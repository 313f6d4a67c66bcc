/**
 * Receive Events Via → Polling: no Aurora subscription and no public URL; the same engine as the
 * catch-up lists the objects every Poll Interval and passes on what is new, without a grace period.
 */
import { RemoteSubscriptions } from '../remote-subscriptions';
import { hookContext, testCredentials } from '../../../support/contexts';
import { AuroraSolarTrigger } from '../../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { RemoteLists } from './remote-lists';
import { Scenario, useCatchUpWorld } from './scenario';

const world = useCatchUpWorld();

const POLLING = { receiveEventsVia: 'polling', pollIntervalMinutes: 5 };

describe('activation', () => {
	it("accepts a localhost URL with a production key, creates no subscription, and takes the baseline", async () => {
		const production = 'https://api.aurorasolar.com';
		const store = new RemoteSubscriptions({ origin: production });
		store.install();
		const productionLists = new RemoteLists(production);
		productionLists.install();
		productionLists.addLeads(5);
		const hook = hookContext({
			parameters: { events: ['lead_created'], ...POLLING },
			credentials: testCredentials({ environment: 'production', apiToken: 'sk_prod_polling_key_1a2b', baseUrl: '' }),
			webhookUrl: 'http://localhost:5678/webhook/0b7e1d2c/webhook',
			typeVersion: 1.2,
			workflow: { id: 'wf-polling-local', name: 'Polling' },
		});
		const { checkExists, create } = new AuroraSolarTrigger().webhookMethods.default;

		await expect(checkExists.call(hook)).resolves.toBe(true);
		await expect(create.call(hook)).resolves.toBe(true);

		expect(store.count('POST')).toBe(0);
		// One page of 5, and an empty one: a short first page cannot tell that Aurora does not cap pages lower.
		expect(productionLists.count('leads')).toBe(2);
		expect(hook.staticData.catchUp).toEqual(expect.objectContaining({ lists: { leads: expect.objectContaining({ complete: true }) } }));
	});

	it('switching a webhook trigger to polling removes its subscriptions', async () => {
		const webhooks = new Scenario(world.subscriptions, world.lists, { events: ['lead_created', 'lead_changed'] });
		await webhooks.activate();
		expect(world.subscriptions.all()).toHaveLength(2);

		const polling = new Scenario(world.subscriptions, world.lists, { events: ['lead_created', 'lead_changed'], parameters: POLLING });
		Object.assign(polling.staticData, webhooks.staticData);
		Object.assign(polling.workflow, webhooks.workflow);
		await polling.activate('update');

		expect(world.subscriptions.all()).toEqual([]);
		expect(polling.staticData.subscriptions).toBeUndefined();
	});

	it('refuses events that cannot be polled, naming those that can', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: ['design_created'], parameters: POLLING });
		await expect(node.activate()).rejects.toThrow('None of the selected events can be received by polling');
		await expect(node.activate()).rejects.toMatchObject({ description: expect.stringContaining('Lead Created, Lead Changed, Project Created, Project Status Changed') });
	});
});

describe('polling', () => {
	it('passes on a new lead at the next poll, without waiting for a delivery that cannot come, every 5 minutes', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: ['lead_created'], parameters: POLLING });
		await node.activate();
		await node.tick();
		const lead = world.lists.addLead();
		world.clock.advance(4 * 60_000);
		await node.tick();
		expect(node.caughtUp).toEqual([]);
		world.clock.advance(60_000);
		await node.tick();
		expect(node.caughtUp).toEqual([expect.objectContaining({ event: 'lead_created', lead_id: lead.id, lead, caught_up: true })]);
		node.close();
	});
});
