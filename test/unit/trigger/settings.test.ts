/** The trigger's settings, read once per call from the node's parameters (trigger/node/settings.ts). */
import { catchUpPlan } from '../../../nodes/AuroraSolar/trigger/catch-up/plan';
import { readSettings } from '../../../nodes/AuroraSolar/trigger/node/settings';
import { LISTABLE_EVENTS } from '../../../nodes/AuroraSolar/events';

function settings(parameters: Record<string, unknown>, typeVersion = 1.2) {
	return readSettings({ getNodeParameter: (name, fallback) => (name in parameters ? parameters[name] : fallback), getNode: () => ({ typeVersion }) });
}

describe('readSettings', () => {
	it('gives every default when nothing is set', () => {
		expect(settings({})).toEqual({ events: [], receiveVia: 'webhooks', checkIntervalMinutes: 15, pollIntervalMinutes: 5, catchUp: true, retrieveDetails: true });
	});

	it('catches up by default from version 1.2 only; the option wins either way', () => {
		expect(settings({}, 1.1).catchUp).toBe(false);
		expect(settings({ options: { catchUp: true } }, 1).catchUp).toBe(true);
		expect(settings({ options: { catchUp: false } }, 1.2).catchUp).toBe(false);
	});

	it('keeps each event once, drops what is not a name, and keeps intervals between 1 minute and a day', () => {
		const read = settings({ events: ['lead_created', 'lead_created', 7], options: { checkIntervalMinutes: 0 }, pollIntervalMinutes: 99_999, receiveEventsVia: 'polling' });
		expect(read).toEqual(expect.objectContaining({ events: ['lead_created'], checkIntervalMinutes: 1, pollIntervalMinutes: 1440, receiveVia: 'polling' }));
		expect(settings({ options: { checkIntervalMinutes: 'soon' } }).checkIntervalMinutes).toBe(15);
	});
});

describe('catchUpPlan', () => {
	it('serves only the selected events whose objects Aurora lists, at the interval of the way events arrive', () => {
		const plan = catchUpPlan(settings({ events: ['lead_created', 'design_created'], options: { checkIntervalMinutes: 7 } }));
		expect(plan?.events.map((event) => event.event)).toEqual(['lead_created']);
		expect(plan?.intervalMs).toBe(7 * 60_000);
		expect(plan?.graceMs).toBeGreaterThan(0);
		const polling = catchUpPlan(settings({ events: ['project_created'], receiveEventsVia: 'polling', pollIntervalMinutes: 3 }, 1));
		expect(polling).toEqual(expect.objectContaining({ intervalMs: 3 * 60_000, graceMs: 0 }));
	});

	it('is absent without a listable event, or with webhooks and the catch-up off', () => {
		expect(catchUpPlan(settings({ events: ['design_created'] }))).toBeUndefined();
		expect(catchUpPlan(settings({ events: ['lead_created'] }, 1.1))).toBeUndefined();
	});

	it('knows the listable events from the catalogue alone', () => {
		expect(LISTABLE_EVENTS.map((event) => event.event)).toEqual(['lead_created', 'lead_changed', 'project_created', 'project_status_changed']);
	});
});
