/**
 * Reading the trigger's static data: entry by entry, so that one damaged or old-format entry is
 * dropped (or a missing field defaulted) and the rest still vouch for deliveries. Nothing throws.
 */
import type { IDataObject } from 'n8n-workflow';

import { hashSecret } from '../../../nodes/AuroraSolar/trigger/node/secrets';
import {
	RETIRED_SECRET_LIFETIME_MS,
	readPendingRemovals,
	readRetiredSecrets,
	readSubscriptions,
	writeSubscriptions,
} from '../../../nodes/AuroraSolar/trigger/node/static-data';

const SECRET = 'a'.repeat(64);
const HASH = hashSecret(SECRET);
const NONCE = '0123456789abcdef0123456789abcdef';
const NOW = 1_800_000_000_000;

describe('readSubscriptions', () => {
	it('keeps good entries next to damaged ones, and defaults a missing id, nonce or url', () => {
		const staticData = {
			subscriptions: {
				lead_created: { id: 'w-1', event: 'lead_created', nonce: NONCE, hash: HASH, url: 'https://n8n/webhook' },
				lead_changed: { id: 17, hash: HASH },
				project_created: { id: { nested: true }, nonce: 'not hex', hash: HASH, url: 42 },
				project_changed: null,
				design_created: 'text',
				asset_created: { id: 'w-2', hash: '' },
				ahj_lookup_completed: { id: 'w-3', hash: HASH.toUpperCase() },
				consumption_profile_changed: { id: 'w-4', nonce: NONCE },
			},
		} as unknown as IDataObject;
		expect(readSubscriptions(staticData)).toEqual({
			lead_created: { id: 'w-1', event: 'lead_created', nonce: NONCE, hash: HASH, url: 'https://n8n/webhook' },
			lead_changed: { id: '17', event: 'lead_changed', nonce: '', hash: HASH, url: '' },
			project_created: { id: '', event: 'project_created', nonce: '', hash: HASH, url: '' },
		});
	});

	it('reads an entry that still holds its secret in plain text as the secret’s hash, and never writes the secret back', () => {
		const staticData = { subscriptions: { lead_created: { id: 'w-1', secret: SECRET, url: 'https://n8n/webhook' } } } as unknown as IDataObject;

		const read = readSubscriptions(staticData);
		writeSubscriptions(staticData, read);

		expect(read.lead_created).toEqual({ id: 'w-1', event: 'lead_created', nonce: '', hash: HASH, url: 'https://n8n/webhook' });
		expect(JSON.stringify(staticData)).not.toContain(SECRET);
		expect(staticData.subscriptions).toEqual({ lead_created: { id: 'w-1', nonce: '', hash: HASH, url: 'https://n8n/webhook' } });
	});

	it.each([[undefined], [null], ['oops'], [42], [[{ id: 'w-1', hash: HASH }]]])('reads nothing from %p', (subscriptions) => {
		expect(readSubscriptions({ subscriptions } as unknown as IDataObject)).toEqual({});
	});

	it('takes the event from the key, not from the entry', () => {
		const staticData = { subscriptions: { lead_created: { id: 'w-1', event: 'project_created', hash: HASH } } } as unknown as IDataObject;
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
