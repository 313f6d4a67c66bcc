/**
 * What the catch-up remembers across a restart, on each n8n line. n8n saves static data at the end of an
 * activation, with each emit, and after a webhook() call that starts no execution or answers the request
 * itself; 1.x also after one that lets n8n answer; never on a cron tick (test/support/n8n-saves.ts, shown
 * in a real n8n by test/e2e/n8n-static-data.e2e.test.ts). So a delivery on the leader's process saves the
 * sweep's state (a checkpoint) at most every 2 minutes, answering Aurora itself, never while set-up runs
 * or within 2 minutes of its end, and never for a refused request. What deliveries passed on after the last save is found
 * in n8n's dedupe store: after a restart the catch-up starts an execution for it, which passes nothing on.
 */
import type { IDataObject } from 'n8n-workflow';

import { CHECKPOINT_INTERVAL_MS, FOLD_AFTER_MS, duringSetUp } from '../../../../nodes/AuroraSolar/trigger/catch-up/checkpoint';
import { GRACE_MS } from '../../../../nodes/AuroraSolar/trigger/catch-up/plan';
import { fingerprint } from '../../../../nodes/AuroraSolar/trigger/catch-up/seen-set';
import { readState } from '../../../../nodes/AuroraSolar/trigger/catch-up/state';
import type { N8nLine } from '../../../support/n8n-saves';
import { DedupeStore, N8N_LINES } from '../../../support/n8n-saves';
import { Scenario, useCatchUpWorld } from './scenario';

const world = useCatchUpWorld();

const EVENTS = ['lead_created'];
const SETTLE_MS = 2 * 60_000;
const revisionOf = (staticData: IDataObject | undefined) => (staticData?.catchUp as { revision?: number } | undefined)?.revision;

/** Whether the state saved in this static data holds the lead. */
function holds(staticData: IDataObject | undefined, leadId: string): boolean {
	const state = staticData ? readState(staticData) : undefined;
	return state?.lists.leads?.seen.get(fingerprint(leadId)) !== undefined;
}

/** The same workflow's node in a new n8n process: nothing of the old process's memory, static data as saved, the same dedupe store. */
function restarted(saved: IDataObject, before: Scenario, line: N8nLine, store: DedupeStore = before.store): Scenario {
	const { events } = before.options;
	let node: Scenario | undefined;
	jest.isolateModules(() => {
		const { Scenario: Fresh } = jest.requireActual<typeof import('./scenario')>('./scenario');
		node = new Fresh(world.subscriptions, world.lists, { events, line, store });
	});
	const fresh = node as Scenario;
	Object.assign(fresh.staticData, JSON.parse(JSON.stringify(saved)) as IDataObject);
	Object.assign(fresh.workflow, before.workflow);
	Object.assign(fresh.credentials, before.credentials);
	return fresh;
}

/** Two passes of the restarted node, each past the grace period. */
async function twoPasses(node: Scenario): Promise<void> {
	for (let pass = 0; pass < 2; pass++) {
		await node.tick();
		world.clock.advance(GRACE_MS);
		await node.tick();
		world.clock.advance(15 * 60_000);
	}
}

describe.each(N8N_LINES)('n8n %s: checkpoints from deliveries on the leader', (line) => {
	it('a due delivery answers Aurora itself, so that n8n saves the state with the deliveries older than 30 s; at most every 2 minutes, never within 2 minutes of set-up', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		const first = world.lists.addLead();
		// Within 2 minutes of set-up: n8n answers, the copy is not touched (2.x does not even save it).
		const early = await node.deliver('lead_created', { LEAD_ID: String(first.id) });
		expect(early.response.noWebhookResponse).toBeUndefined();
		expect(revisionOf(early.saved)).toBe(line === '1.x' ? revisionOf(node.staticData) : undefined);

		world.clock.advance(SETTLE_MS);
		const second = world.lists.addLead();
		const due = await node.deliver('lead_created', { LEAD_ID: String(second.id) });
		expect(due).toEqual(expect.objectContaining({ status: 200, started: true, body: { received: true } }));
		expect(due.response.noWebhookResponse).toBe(true);
		expect(revisionOf(due.saved)).toBeGreaterThan(revisionOf(node.staticData) ?? 0);
		// The earlier delivery is in it; this one is not: its execution does not exist yet.
		expect(holds(due.saved, String(first.id))).toBe(true);
		expect(holds(due.saved, String(second.id))).toBe(false);
		// Only the catch-up's key changes: the subscriptions in the copy are as the database had them.
		expect(due.saved?.subscriptions).toEqual(node.staticData.subscriptions);

		const third = world.lists.addLead();
		const tooSoon = await node.deliver('lead_created', { LEAD_ID: String(third.id) });
		expect(tooSoon.response.noWebhookResponse).toBeUndefined();

		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		const fourth = world.lists.addLead();
		const next = await node.deliver('lead_created', { LEAD_ID: String(fourth.id) });
		expect(next.response.noWebhookResponse).toBe(true);
		expect([second, third].every((lead) => holds(next.saved, String(lead.id)))).toBe(true);
		expect(node.reached.map((item) => item.lead_id)).toEqual([first, second, third, fourth].map((lead) => lead.id));
		node.close();
	});

	it('a delivery younger than 30 s is not folded in yet', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		world.clock.advance(SETTLE_MS);
		const recent = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(recent.id) });
		world.clock.advance(FOLD_AFTER_MS - 1_000);
		const due = await node.deliver('lead_created', { LEAD_ID: String(world.lists.addLead().id) });
		// Nothing older than 30 s to fold in and nothing else new: no checkpoint, n8n answers.
		expect(due.response.noWebhookResponse).toBeUndefined();
		node.close();
	});

	it('never while set-up runs in this process (a republish, say): n8n saves what set-up wrote after it', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		await node.deliver('lead_created', { LEAD_ID: String(world.lists.addLead().id) });
		world.clock.advance(SETTLE_MS);
		const during = await duringSetUp(`${node.workflow.id}/node-1`, async () => await node.deliver('lead_created', { LEAD_ID: String(world.lists.addLead().id) }));
		expect(during.response.noWebhookResponse).toBeUndefined();
		world.clock.advance(SETTLE_MS);
		const after = await node.deliver('lead_created', { LEAD_ID: String(world.lists.addLead().id) });
		expect(after.response.noWebhookResponse).toBe(true);
		node.close();
	});

	it('never for a refused (forged) request', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		const lead = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(lead.id) });
		world.clock.advance(SETTLE_MS);
		const forged = await node.deliver('lead_created', { LEAD_ID: String(lead.id) }, { forge: true });
		expect(forged.status).toBe(401);
		expect(revisionOf(forged.saved)).toBe(revisionOf(node.staticData));
		node.close();
	});
});

describe.each(N8N_LINES)('n8n %s: after a restart', (line) => {
	it('nothing saved as passed on starts an execution again; what deliveries passed on after the last save starts one that passes nothing on', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		// Caught up (saved with its emit).
		const missed = world.lists.addLead();
		await node.tick();
		world.clock.advance(GRACE_MS);
		await node.tick();
		expect(node.caughtUpReached.map((item) => item.lead_id)).toEqual([missed.id]);

		world.clock.advance(SETTLE_MS);
		const early = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(early.id) });
		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		// The delivery that saves: the earlier one is in its checkpoint, its own lead is not.
		const saving = world.lists.addLead();
		const checkpointed = await node.deliver('lead_created', { LEAD_ID: String(saving.id) });
		expect(checkpointed.saved).toBeDefined();
		const afterSave = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(afterSave.id) });
		node.close();

		// n8n stops (or is killed); the database holds the checkpoint's copy. A lead comes meanwhile.
		const whileDown = world.lists.addLead();
		const fresh = restarted(checkpointed.saved as IDataObject, node, line);
		world.clock.advance(60 * 60_000);
		await twoPasses(fresh);
		fresh.close();

		const started = fresh.caughtUp.map((item) => item.lead_id).sort();
		expect(started).toEqual([saving.id, afterSave.id, whileDown.id].sort());
		expect(fresh.caughtUpReached.map((item) => item.lead_id)).toEqual([whileDown.id]);
	});

	it('the sweep\'s own catch-up is saved with its emit: a restart right after it passes nothing on again', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		world.lists.addLeads(3);
		await node.tick();
		world.clock.advance(GRACE_MS);
		await node.tick();
		expect(node.caughtUp).toHaveLength(3);
		node.close();

		// What the emit saved is the leader's static data as it was when it emitted.
		const fresh = restarted(node.staticData, node, line);
		world.clock.advance(60_000);
		await fresh.tick();
		world.clock.advance(GRACE_MS);
		await fresh.tick();
		fresh.close();
		expect(fresh.caughtUp).toEqual([]);
	});

	it('a lead delivered, then changed while n8n was down, reaches the workflow with the change (the record holds the delivered content)', async () => {
		const events = ['lead_created', 'lead_changed'];
		const node = new Scenario(world.subscriptions, world.lists, { events, line });
		await node.activate();
		const lead = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(lead.id) });
		node.close();
		world.lists.change('leads', lead.id, { customer: { customer_email: 'changed@example.com' } });
		const restartedNode = restarted(node.staticData, node, line);
		world.clock.advance(60 * 60_000);
		await twoPasses(restartedNode);
		restartedNode.close();
		expect(restartedNode.caughtUpReached).toEqual([expect.objectContaining({ lead_id: lead.id, lead: expect.objectContaining({ customer: { customer_email: 'changed@example.com' } }) })]);
	});

	it('without the dedupe store (a new store: another n8n database), the unsaved deliveries are passed on once more, no others', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS, line });
		await node.activate();
		world.clock.advance(SETTLE_MS);
		const early = world.lists.addLead();
		await node.deliver('lead_created', { LEAD_ID: String(early.id) });
		world.clock.advance(CHECKPOINT_INTERVAL_MS);
		const saving = world.lists.addLead();
		const checkpointed = await node.deliver('lead_created', { LEAD_ID: String(saving.id) });
		node.close();
		const fresh = restarted(checkpointed.saved as IDataObject, node, line, new DedupeStore());
		world.clock.advance(60 * 60_000);
		await twoPasses(fresh);
		fresh.close();
		expect(fresh.caughtUpReached.map((item) => item.lead_id)).toEqual([saving.id]);
	});
});

describe('queue mode: the leader does not see what webhook processors delivered', () => {
	it('each delivered lead starts one caught-up execution, in which the trigger passes nothing on; an undelivered one arrives', async () => {
		const leader = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		await leader.activate();
		// A webhook processor: another process, with the database's static data and the same dedupe store.
		const processor = restarted(leader.staticData, leader, '2.x');
		const delivered = world.lists.addLeads(3);
		for (const lead of delivered) {
			const delivery = await processor.deliver('lead_created', { LEAD_ID: String(lead.id) });
			// No state of the leader's there: n8n answers, nothing is written.
			expect(delivery.response.noWebhookResponse).toBeUndefined();
		}
		const undelivered = world.lists.addLead();
		await twoPasses(leader);
		leader.close();
		expect(leader.caughtUp.map((item) => item.lead_id).sort()).toEqual([...delivered, undelivered].map((lead) => lead.id).sort());
		expect(leader.caughtUpReached.map((item) => item.lead_id)).toEqual([undelivered.id]);
		expect(processor.reached.map((item) => item.lead_id)).toEqual(delivered.map((lead) => lead.id));
	});
});
