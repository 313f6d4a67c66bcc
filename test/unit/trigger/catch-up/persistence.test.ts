/**
 * What the catch-up remembers across a restart. n8n saves static data at the end of an activation,
 * with each emit, and after a webhook() call that changed it, never on a cron tick; so deliveries on
 * the leader's process save the sweep's state (a checkpoint) at most every 5 minutes, never while
 * set-up may be saving and never for a refused request. After a restart the sweep goes on from the last
 * save: what it passed on is not passed on again, and what deliveries passed on since that save is
 * passed on at most once more.
 */
import type { IDataObject } from 'n8n-workflow';

import { CHECKPOINT_INTERVAL_MS } from '../../../../nodes/AuroraSolar/trigger/catch-up/checkpoint';
import { GRACE_MS } from '../../../../nodes/AuroraSolar/trigger/catch-up/plan';
import { Scenario, useCatchUpWorld } from './scenario';

const world = useCatchUpWorld();

const EVENTS = ['lead_created'];
const revisionOf = (staticData: IDataObject) => (staticData.catchUp as { revision?: number } | undefined)?.revision;

/** The same workflow's node in a new n8n process: nothing of the old process's memory, static data as saved. */
function restarted(saved: IDataObject, before: Scenario): Scenario {
	let node: Scenario | undefined;
	jest.isolateModules(() => {
		const { Scenario: Fresh } = jest.requireActual<typeof import('./scenario')>('./scenario');
		node = new Fresh(world.subscriptions, world.lists, { events: EVENTS });
	});
	const fresh = node as Scenario;
	Object.assign(fresh.staticData, JSON.parse(JSON.stringify(saved)) as IDataObject);
	Object.assign(fresh.workflow, before.workflow);
	Object.assign(fresh.credentials, before.credentials);
	return fresh;
}

describe('checkpoints from deliveries on the leader', () => {
	it('save the sweep\'s newer state with a delivery, at most every 5 minutes and never within 5 minutes of set-up', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		await node.activate();
		const first = world.lists.addLead();
		// Within 5 minutes of set-up: the delivery's copy is not touched.
		const early = await node.deliver('lead_created', { LEAD_ID: String(first.id) });
		await node.tick();
		expect(revisionOf(early.staticData)).toBe(revisionOf(node.staticData));

		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		const second = world.lists.addLead();
		await node.tick();
		const due = await node.deliver('lead_created', { LEAD_ID: String(second.id) });
		expect(revisionOf(due.staticData)).toBeGreaterThan(revisionOf(node.staticData) ?? 0);
		// Only the catch-up's key changes: the subscriptions in the copy are as the database had them.
		expect(due.staticData.subscriptions).toEqual(node.staticData.subscriptions);

		const third = world.lists.addLead();
		await node.tick();
		const tooSoon = await node.deliver('lead_created', { LEAD_ID: String(third.id) });
		expect(revisionOf(tooSoon.staticData)).toBe(revisionOf(node.staticData));
		node.close();
	});

	it('never for a refused (forged) request', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		await node.activate();
		const lead = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(lead.id) });
		await node.tick();
		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		const forged = await node.deliver('lead_created', { LEAD_ID: String(lead.id) }, { forge: true });
		expect(forged.status).toBe(401);
		expect(revisionOf(forged.staticData)).toBe(revisionOf(node.staticData));
		node.close();
	});
});

describe('after a restart', () => {
	it('passes on nothing that was saved as passed on, and what deliveries passed on since the last save at most once more', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		await node.activate();
		// Caught up (saved with its emit).
		const missed = world.lists.addLead();
		await node.tick();
		world.clock.advance(GRACE_MS);
		await node.tick();
		expect(node.caughtUp.map((item) => item.lead_id)).toEqual([missed.id]);
		// Delivered, seen by the next pass, then saved by a checkpoint.
		const beforeCheckpoint = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(beforeCheckpoint.id) });
		world.clock.advance(15 * 60_000);
		await node.tick();
		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		// The delivery that saves: its own lead reaches the state at the next pass, after this save.
		const saving = world.lists.addLead();
		const checkpointed = await node.deliver('lead_created', { LEAD_ID: String(saving.id) });
		// Delivered after the last save.
		const afterSave = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(afterSave.id) });
		await node.tick();
		node.close();

		// n8n stops; what the database has is the checkpoint's copy. Leads keep coming meanwhile.
		const whileDown = world.lists.addLead();
		const fresh = restarted(checkpointed.staticData, node);
		world.clock.advance(60 * 60_000);
		await fresh.tick();
		world.clock.advance(GRACE_MS);
		await fresh.tick();
		world.clock.advance(15 * 60_000);
		await fresh.tick();
		world.clock.advance(GRACE_MS);
		await fresh.tick();
		fresh.close();

		const passedOnAgain = fresh.caughtUp.map((item) => item.lead_id).sort();
		expect(passedOnAgain).toEqual([saving.id, afterSave.id, whileDown.id].sort());
		expect(passedOnAgain).not.toContain(missed.id);
		expect(passedOnAgain).not.toContain(beforeCheckpoint.id);
	});

	it('the sweep\'s own catch-up is saved with its emit: a restart right after it passes nothing on again', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		await node.activate();
		world.lists.addLeads(3);
		await node.tick();
		world.clock.advance(GRACE_MS);
		await node.tick();
		expect(node.caughtUp).toHaveLength(3);
		node.close();

		// What the emit saved is the leader's static data as it was when it emitted.
		const fresh = restarted(node.staticData, node);
		world.clock.advance(60_000);
		await fresh.tick();
		world.clock.advance(GRACE_MS);
		await fresh.tick();
		fresh.close();
		expect(fresh.caughtUp).toEqual([]);
	});
});
