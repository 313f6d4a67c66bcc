/**
 * What the trigger keeps per node in the process's memory (outside static data) goes when the node
 * stops here: its trigger closes, or n8n calls delete() (a deactivation). A long-running n8n with many
 * workflows activated and deactivated over months keeps nothing of the ones gone.
 */
import { budgetFor } from '../../../nodes/AuroraSolar/trigger/catch-up/reader';
import { liveState } from '../../../nodes/AuroraSolar/trigger/catch-up/state';
import { passedOn } from '../../../nodes/AuroraSolar/trigger/node/passed-on';
import { freshSecretHashes, rememberFreshSecret } from '../../../nodes/AuroraSolar/trigger/node/secrets';
import { Scenario, useCatchUpWorld } from './catch-up/scenario';

const world = useCatchUpWorld();
const EVENTS = ['lead_created'];

async function deliveredTo(node: Scenario): Promise<{ key: string; leadId: string }> {
	await node.activate();
	await node.tick();
	const lead = world.lists.addLead();
	await node.deliver('lead_created', { LEAD_ID: String(lead.id) });
	const key = `${node.workflow.id}/node-1`;
	expect(liveState(key)).toBeDefined();
	expect(passedOn(key, 'leads', String(lead.id))).toBeDefined();
	return { key, leadId: String(lead.id) };
}

describe("the process's memory of a node", () => {
	it('goes when its trigger closes', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		const { key, leadId } = await deliveredTo(node);
		// The trigger as n8n starts it (its own schedule and engine), then closes it.
		const { closeFunction } = await node.trigger.trigger.call(node.triggered);
		await closeFunction?.();
		expect(passedOn(key, 'leads', leadId)).toBeUndefined();
		// The engine that ticked with the node's state forgets it when it closes.
		expect(liveState(key)).toBeDefined();
		node.close();
		expect(liveState(key)).toBeUndefined();
	});

	it('goes when n8n calls delete() (a deactivation)', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		const { key, leadId } = await deliveredTo(node);
		await node.trigger.webhookMethods.default.delete.call(node.hook());
		expect(liveState(key)).toBeUndefined();
		expect(passedOn(key, 'leads', leadId)).toBeUndefined();
		node.close();
	});

	it('of a closing trigger leaves a newer activation\'s state alone', async () => {
		const node = new Scenario(world.subscriptions, world.lists, { events: EVENTS });
		const { key } = await deliveredTo(node);
		// A republish: set-up takes a new baseline (a new state) before the old trigger has closed.
		await node.activate();
		const newer = liveState(key);
		node.close();
		expect(liveState(key)).toBe(newer);
	});

	it('of unsaved secrets goes once they are saved (2 minutes), and a key idle for an hour keeps no rate budget', () => {
		rememberFreshSecret('wf/node', 'lead_created', 'a'.repeat(64), world.clock.now);
		expect(freshSecretHashes('wf/node', 'lead_created', world.clock.now)).toHaveLength(1);
		expect(freshSecretHashes('wf/node', 'lead_created', world.clock.now + 3 * 60_000)).toEqual([]);
		const budget = budgetFor('sk_sand_idle_key');
		budget.take();
		expect(budgetFor('sk_sand_idle_key')).toBe(budget);
		world.clock.advance(61 * 60_000);
		budgetFor('sk_sand_other_key');
		expect(budgetFor('sk_sand_idle_key')).not.toBe(budget);
	});
});
