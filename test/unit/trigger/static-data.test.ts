/**
 * Reading the trigger's static data: entry by entry, so that one damaged or old-format entry is
 * dropped (or a missing field defaulted) and the rest still vouch for deliveries. Nothing throws.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	RETIRED_SECRET_LIFETIME_MS,
	hashSecret,
	readPendingRemovals,
	readRetiredSecrets,
	readSubscriptions,
} from '../../../nodes/AuroraSolar/trigger/static-data';

const SECRET = 'a'.repeat(64);
const NOW = 1_800_000_000_000;

describe('readSubscriptions', () => {
	it('keeps good entries next to damaged ones, and defaults a missing id or url', () => {
		const staticData = {
			subscriptions: {
				lead_created: { id: 'w-1', event: 'lead_created', secret: SECRET, url: 'https://n8n/webhook' },
				lead_changed: { id: 17, secret: SECRET },
				project_created: { id: { nested: true }, secret: SECRET, url: 42 },
				project_changed: null,
				design_created: 'text',
				asset_created: { id: 'w-2', secret: '' },
				ahj_lookup_completed: { id: 'w-3', secret: 7 },
			},
		} as unknown as IDataObject;
		expect(readSubscriptions(staticData)).toEqual({
			lead_created: { id: 'w-1', event: 'lead_created', secret: SECRET, url: 'https://n8n/webhook' },
			lead_changed: { id: '17', event: 'lead_changed', secret: SECRET, url: '' },
			project_created: { id: '', event: 'project_created', secret: SECRET, url: '' },
		});
	});

	it.each([[undefined], [null], ['oops'], [42], [[{ id: 'w-1', secret: SECRET }]]])('reads nothing from %p', (subscriptions) => {
		expect(readSubscriptions({ subscriptions } as unknown as IDataObject)).toEqual({});
	});

	it('takes the event from the key, not from the entry', () => {
		const staticData = { subscriptions: { lead_created: { id: 'w-1', event: 'project_created', secret: SECRET } } } as unknown as IDataObject;
		expect(readSubscriptions(staticData).lead_created.event).toBe('lead_created');
	});
});

describe('readRetiredSecrets', () => {
	const hash = hashSecret('old');

	it('keeps entries within their lifetime and drops damaged ones', () => {
		const staticData = {
			retiredSecrets: [
				{ event: 'lead_created', hash, retiredAt: NOW - 1000 },
				null,
				'x',
				{ event: 'lead_created', hash: 'not-hex', retiredAt: NOW },
				{ event: 'lead_created', hash: hash.toUpperCase(), retiredAt: NOW },
				{ event: 7, hash, retiredAt: NOW },
				{ event: 'lead_created', hash, retiredAt: String(NOW) },
				{ event: 'lead_created', hash, retiredAt: NOW - RETIRED_SECRET_LIFETIME_MS },
				{ event: 'lead_created', hash, retiredAt: NOW + 120_000 },
			],
		} as unknown as IDataObject;
		expect(readRetiredSecrets(staticData, NOW)).toEqual([{ event: 'lead_created', hash, retiredAt: NOW - 1000 }]);
	});

	it.each([[undefined], [null], ['oops'], [{ event: 'lead_created', hash, retiredAt: NOW }]])('reads nothing from %p', (retiredSecrets) => {
		expect(readRetiredSecrets({ retiredSecrets } as unknown as IDataObject, NOW)).toEqual([]);
	});
});

describe('readPendingRemovals', () => {
	it('keeps non-empty strings only', () => {
		expect(readPendingRemovals({ pendingRemovals: ['w-1', '', null, 3, { id: 'w-2' }, 'w-3'] } as unknown as IDataObject)).toEqual(['w-1', 'w-3']);
	});

	it.each([[undefined], [null], ['w-1'], [{ 0: 'w-1' }]])('reads nothing from %p', (pendingRemovals) => {
		expect(readPendingRemovals({ pendingRemovals } as unknown as IDataObject)).toEqual([]);
	});
});
