/**
 * The trigger's execute(): it runs first in every execution the trigger starts (on a queue-mode worker
 * too), records in n8n's dedupe store what deliveries passed on, and drops a caught-up item a delivery
 * already passed on. The store here behaves as n8n's does (test/support/n8n-saves.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { RECORDED_ENTRIES } from '../../../nodes/AuroraSolar/trigger/delivery-record';
import { contentHash } from '../../../nodes/AuroraSolar/trigger/node/passed-on';
import type { TriggerExecuteOptions } from '../../support/contexts';
import { triggerExecuteContext } from '../../support/contexts';
import { DedupeStore } from '../../support/n8n-saves';

const trigger = new AuroraSolarTrigger();
const ROW = 'wf-42/n:node-1';
const LEAD_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const lead = (email = 'jane@example.com') => ({ id: LEAD_ID, customer: { customer_email: email } });

let store: DedupeStore;
beforeEach(() => {
	store = new DedupeStore();
});

async function run(items: IDataObject[], options: Partial<TriggerExecuteOptions> = {}) {
	const context = triggerExecuteContext({ store, items, ...options });
	const [output] = await trigger.execute.call(context);
	return { output: output.map((item) => item.json), logs: context.logs };
}

const delivered = (object: IDataObject | null = lead(), event = 'lead_created') => ({ event, received_at: '2026-12-07T10:00:00.000Z', lead_id: LEAD_ID, lead: object });
const caughtUp = (object: IDataObject | undefined = lead(), event = 'lead_created') => ({ ...delivered(object ?? null, event), ...(object ? {} : { lead: undefined }), caught_up: true });

describe('deliveries', () => {
	it('pass through unchanged and are recorded by the lead id', async () => {
		const item = delivered();
		expect((await run([item])).output).toEqual([item]);
		expect(store.has(ROW, `leads:${LEAD_ID}`)).toBe(true);
		expect(store.size(ROW)).toBe(1);
	});

	it('are recorded with their content too when the node compares contents (lead_changed selected)', async () => {
		await run([delivered()], { parameters: { events: ['lead_created', 'lead_changed'] } });
		expect(store.has(ROW, `leads:${LEAD_ID}`)).toBe(true);
		expect(store.has(ROW, `leads:${LEAD_ID}:${contentHash(lead()).toString(16)}`)).toBe(true);
	});

	it('with an error instead of the lead are not recorded: the catch-up may still bring the lead', async () => {
		const item = { ...delivered(null), error: 'Aurora rejected the API token (401 Unauthorized).', httpCode: '401' };
		expect((await run([item])).output).toEqual([item]);
		expect(store.size(ROW)).toBe(0);
		expect((await run([caughtUp()])).output).toHaveLength(1);
	});

	it('of events the catch-up does not list are left alone', async () => {
		const item = { event: 'design_created', project_id: 'p', design_id: LEAD_ID, design: { id: LEAD_ID } };
		expect((await run([item], { parameters: { events: ['design_created', 'lead_created'] } })).output).toEqual([item]);
		expect(store.calls).toBe(0);
	});
});

describe('caught-up items', () => {
	it('of a lead a delivery passed on are dropped: the execution ends at the trigger, and says why in the log', async () => {
		await run([delivered()]);
		const { output, logs } = await run([caughtUp()]);
		expect(output).toEqual([]);
		expect(logs.info.join('\n')).toContain(`lead ${LEAD_ID}, which a delivery already passed on`);
	});

	it('of a lead no delivery passed on are passed on, and leave nothing in the store (a retry or a re-run passes them again)', async () => {
		const item = caughtUp();
		expect((await run([item])).output).toEqual([item]);
		expect(store.size(ROW)).toBe(0);
		expect((await run([item])).output).toEqual([item]);
	});

	it('lead_created is accounted for by any delivery of the lead, lead_changed among them', async () => {
		await run([delivered(lead(), 'lead_changed')], { parameters: { events: ['lead_created', 'lead_changed'] } });
		expect((await run([caughtUp()], { parameters: { events: ['lead_created', 'lead_changed'] } })).output).toEqual([]);
	});

	it('lead_created of a lead that changed since its delivery is passed on, when the node compares contents: it carries the change', async () => {
		const parameters = { events: ['lead_created', 'lead_changed'] };
		await run([delivered(lead('old@example.com'))], { parameters });
		expect((await run([caughtUp(lead('new@example.com'))], { parameters })).output).toHaveLength(1);
		// Without lead_changed the node does not compare: any delivery of the lead accounts for it.
		await run([delivered(lead('old@example.com'))]);
		expect((await run([caughtUp(lead('new@example.com'))])).output).toEqual([]);
	});

	it('lead_changed is dropped only when a delivery passed on the same content', async () => {
		const parameters = { events: ['lead_created', 'lead_changed'] };
		await run([delivered(lead('old@example.com'))], { parameters });
		expect((await run([caughtUp(lead('old@example.com'), 'lead_changed')], { parameters })).output).toEqual([]);
		expect((await run([caughtUp(lead('new@example.com'), 'lead_changed')], { parameters })).output).toHaveLength(1);
	});

	it('project_status_changed compares the status only', async () => {
		const parameters = { events: ['project_status_changed'] };
		const project = (status: string, name: string) => ({ event: 'project_status_changed', project_id: LEAD_ID, status, project: { id: LEAD_ID, status, name } });
		await run([project('sold', 'A')], { parameters });
		expect((await run([{ ...project('sold', 'renamed'), caught_up: true }], { parameters })).output).toEqual([]);
		expect((await run([{ ...project('installed', 'A'), caught_up: true }], { parameters })).output).toHaveLength(1);
	});

	it('lead_changed without the lead (Retrieve Details off) cannot be compared, and is passed on', async () => {
		const parameters = { events: ['lead_changed'], retrieveDetails: false };
		await run([{ event: 'lead_changed', received_at: 'x', lead_id: LEAD_ID }], { parameters });
		const item = { event: 'lead_changed', received_at: 'x', lead_id: LEAD_ID, caught_up: true };
		expect((await run([item], { parameters })).output).toEqual([item]);
	});
});

describe('executions at the same moment', () => {
	it('take turns with the store in this process, so neither loses the other\'s record (n8n writes back the list it read)', async () => {
		const other = '00000000-0000-4000-8000-000000000001';
		await Promise.all([run([delivered()]), run([{ ...delivered({ id: other }), lead_id: other }])]);
		expect(store.has(ROW, `leads:${LEAD_ID}`)).toBe(true);
		expect(store.has(ROW, `leads:${other}`)).toBe(true);
	});
});

describe('when the store cannot be used', () => {
	it('a delivery is passed on (a first-run collision on the row, say), and said in the log', async () => {
		store.failNext = new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
		const item = delivered();
		const { output, logs } = await run([item]);
		expect(output).toEqual([item]);
		expect(logs.info.join('\n')).toContain("n8n's dedupe store could not be used");
	});

	it('a caught-up item is passed on: a duplicate at worst, never a lost lead', async () => {
		await run([delivered()]);
		store.failNext = new Error('database is locked');
		expect((await run([caughtUp()])).output).toHaveLength(1);
	});
});

describe('what it leaves alone', () => {
	it('test runs ("Listen for test event") pass the item through and never touch the store', async () => {
		const items = [delivered()];
		expect((await run(items, { mode: 'manual' })).output).toEqual(items);
		expect((await run([caughtUp()], { mode: 'manual' })).output).toHaveLength(1);
		expect(store.calls).toBe(0);
	});

	it('a node that does not catch up (version 1 without the option) passes everything through untouched', async () => {
		await run([delivered()], { typeVersion: 1 });
		expect((await run([caughtUp()], { typeVersion: 1 })).output).toHaveLength(1);
		expect(store.calls).toBe(0);
	});

	it(`keeps at most ${RECORDED_ENTRIES} entries per node, the oldest dropped first`, async () => {
		for (let index = 0; index <= RECORDED_ENTRIES; index++) {
			await run([{ ...delivered({ id: `lead-${index}` }), lead_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` }]);
		}
		expect(store.size(ROW)).toBe(RECORDED_ENTRIES);
		expect(store.has(ROW, 'leads:00000000-0000-4000-8000-000000000000')).toBe(false);
		expect(store.has(ROW, `leads:00000000-0000-4000-8000-${String(RECORDED_ENTRIES).padStart(12, '0')}`)).toBe(true);
	});
});
