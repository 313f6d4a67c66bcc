/**
 * The catch-up's memory and rules on their own: the seen set (bounded at 16 characters of static data
 * per object), what a page of a list turns into, and the rate budget.
 */
import type { IDataObject } from 'n8n-workflow';

import { findEvent } from '../../../../nodes/AuroraSolar/events';
import type { AuroraEvent } from '../../../../nodes/AuroraSolar/events';
import type { ListWatch } from '../../../../nodes/AuroraSolar/trigger/catch-up/examine';
import { ACTIVATION_MARGIN_MS, examinePage } from '../../../../nodes/AuroraSolar/trigger/catch-up/examine';
import { RateBudget, SWEEP_REQUESTS_PER_HOUR, SWEEP_REQUESTS_PER_MINUTE } from '../../../../nodes/AuroraSolar/trigger/catch-up/rate-budget';
import { SeenSet, fingerprint } from '../../../../nodes/AuroraSolar/trigger/catch-up/seen-set';
import type { ListState } from '../../../../nodes/AuroraSolar/trigger/catch-up/state';
import { encodeState, readState } from '../../../../nodes/AuroraSolar/trigger/catch-up/state';
import type { PassedOn } from '../../../../nodes/AuroraSolar/trigger/node/passed-on';
import { contentHash } from '../../../../nodes/AuroraSolar/trigger/node/passed-on';

const ids = (count: number, prefix = 'lead') => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

describe('SeenSet', () => {
	it('keeps what it was told, through encoding, in 16 characters of base64 per object', () => {
		const set = SeenSet.empty();
		for (const [index, id] of ids(10_000).entries()) set.set(fingerprint(id), index + 1);
		const encoded = set.encode();

		expect(encoded.length).toBe(10_000 * 16);
		const decoded = SeenSet.decode(encoded)!;
		expect(decoded.size).toBe(10_000);
		expect(decoded.get(fingerprint('lead-0'))).toBe(1);
		expect(decoded.get(fingerprint('lead-9999'))).toBe(10_000);
		expect(decoded.get(fingerprint('lead-10000'))).toBeUndefined();
	});

	it('changes, adds and forgets objects before and after compaction', () => {
		const set = SeenSet.decode(SeenSet.empty().encode())!;
		set.set(fingerprint('a'), 5);
		set.compact();
		set.set(fingerprint('a'), 6);
		set.set(fingerprint('b'), 7);
		expect([set.get(fingerprint('a')), set.get(fingerprint('b')), set.size]).toEqual([6, 7, 2]);
		set.set(fingerprint('a'), undefined);
		set.set(fingerprint('b'), undefined);
		expect([set.get(fingerprint('a')), set.get(fingerprint('b')), set.size]).toEqual([undefined, undefined, 0]);
		set.set(fingerprint('a'), 8);
		expect(SeenSet.decode(set.encode())?.get(fingerprint('a'))).toBe(8);
	});

	it.each([['not base64 !'], ['AAAA'], ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==']])('reads %p as damaged', (encoded) => {
		expect(SeenSet.decode(encoded)).toBeUndefined();
	});

	it('the stored state round-trips, and a damaged one reads as none (a new baseline follows)', () => {
		const seen = SeenSet.empty();
		seen.set(fingerprint('x'), 3);
		const encoded = encodeState({ revision: 4, activatedAt: 1000, lists: { leads: { seen, contentCompared: true, complete: true } } });
		const read = readState({ catchUp: JSON.parse(JSON.stringify(encoded)) as IDataObject });

		expect(read?.revision).toBe(4);
		expect(read?.lists.leads?.seen.get(fingerprint('x'))).toBe(3);
		expect(read?.lists.leads).toEqual(expect.objectContaining({ contentCompared: true, complete: true }));
		expect(readState({ catchUp: { v: 2 } })).toBeUndefined();
		expect(readState({ catchUp: { v: 1, revision: 1, activatedAt: 1, lists: { leads: { seen: '!!', content: true, complete: true } } } })?.lists.leads).toBeUndefined();
	});
});

describe('examinePage', () => {
	const leadCreated = findEvent('lead_created') as AuroraEvent;
	const leadChanged = findEvent('lead_changed') as AuroraEvent;
	const list = leadCreated.catchUp!.list;
	const ACTIVATED = Date.UTC(2026, 5, 1);

	function watch(overrides: Partial<ListWatch> = {}, delivered: Record<string, PassedOn> = {}): ListWatch {
		return { list, created: leadCreated, changed: leadChanged, activatedAt: ACTIVATED, passedOn: (id) => delivered[id], ...overrides };
	}
	const lead = (id: string, fields: IDataObject = {}, created = ACTIVATED - ACTIVATION_MARGIN_MS - 1000): IDataObject => ({ id, name: 'Jane', created_at: new Date(created).toISOString(), ...fields });
	const fresh = (complete: boolean): ListState => ({ seen: SeenSet.empty(), contentCompared: complete, complete });

	it('during the baseline records what exists and passes nothing on, except what Aurora says was created after the activation', () => {
		const state = fresh(false);
		const { candidates, recorded } = examinePage(watch(), state, [lead('old'), lead('undated', { created_at: undefined }), lead('new', {}, ACTIVATED + 5000)]);

		expect(candidates.map((candidate) => [candidate.event.event, candidate.id])).toEqual([['lead_created', 'new']]);
		expect(recorded).toBe(2);
		expect(state.seen.get(fingerprint('new'))).toBeUndefined();
	});

	it(`an object Aurora says was created less than ${ACTIVATION_MARGIN_MS / 1000} s before the activation is an event: n8n 2.x sets up after the publish call returned`, () => {
		const state = fresh(false);
		const justBefore = lead('published-meanwhile', {}, ACTIVATED - ACTIVATION_MARGIN_MS + 1_000);
		const longBefore = lead('existing', {}, ACTIVATED - ACTIVATION_MARGIN_MS - 1_000);
		const { candidates } = examinePage(watch(), state, [justBefore, longBefore]);

		expect(candidates.map((candidate) => [candidate.event.event, candidate.id])).toEqual([['lead_created', 'published-meanwhile']]);
		expect(state.seen.get(fingerprint('existing'))).toBeDefined();
	});

	it('after the baseline, an object never seen is lead_created, unless a delivery passed it on', () => {
		const state = fresh(true);
		const delivered = { known: { via: 'webhook', event: 'lead_created', at: 1 } as PassedOn };
		const { candidates } = examinePage(watch({}, delivered), state, [lead('missed'), lead('known')]);

		expect(candidates.map((candidate) => candidate.id)).toEqual(['missed']);
		expect(state.seen.get(fingerprint('known'))).toBeDefined();
	});

	it('a changed object is lead_changed, unless a delivery passed on this very content; unchanged ones are nothing', () => {
		const state = fresh(true);
		examinePage(watch(), state, [lead('a'), lead('b'), lead('c')].map((object) => ({ ...object })));
		for (const id of ['a', 'b', 'c']) state.seen.set(fingerprint(id), contentHash(lead(id)));
		const b = lead('b', { name: 'Changed' });
		const delivered = { b: { via: 'webhook', event: 'lead_changed', content: contentHash(b), at: 1 } as PassedOn };

		const { candidates } = examinePage(watch({}, delivered), state, [lead('a', { name: 'Changed' }), b, lead('c')]);

		expect(candidates.map((candidate) => [candidate.event.event, candidate.id, candidate.previous])).toEqual([['lead_changed', 'a', contentHash(lead('a'))]]);
	});

	it('a lead delivered (created) and then changed without a delivery of the change is lead_changed, from the delivered content', () => {
		const state = fresh(true);
		const delivered = { d: { via: 'webhook', event: 'lead_created', content: contentHash(lead('d')), at: 1 } as PassedOn };
		const { candidates } = examinePage(watch({}, delivered), state, [lead('d', { name: 'Edited' })]);
		expect(candidates.map((candidate) => [candidate.event.event, candidate.id, candidate.previous])).toEqual([['lead_changed', 'd', contentHash(lead('d'))]]);
	});

	it('content recorded before changes were compared is a baseline for them, not a flood of lead_changed', () => {
		const state = fresh(true);
		state.contentCompared = false;
		state.seen.set(fingerprint('a'), 0);
		expect(examinePage(watch(), state, [lead('a')]).candidates).toEqual([]);
		expect(state.seen.get(fingerprint('a'))).toBe(contentHash(lead('a')));
	});

	it('with only lead_changed selected, a new lead is recorded silently; with only lead_created, changes are not looked at', () => {
		const onlyChanged = fresh(true);
		expect(examinePage(watch({ created: undefined }), onlyChanged, [lead('n')]).candidates).toEqual([]);
		const onlyCreated = fresh(true);
		onlyCreated.seen.set(fingerprint('n'), 0);
		expect(examinePage(watch({ changed: undefined }), onlyCreated, [lead('n', { name: 'Other' })]).candidates).toEqual([]);
		expect(onlyCreated.seen.get(fingerprint('n'))).toBe(0);
	});
});

describe('RateBudget', () => {
	it(`allows ${SWEEP_REQUESTS_PER_MINUTE} requests in any minute and ${SWEEP_REQUESTS_PER_HOUR} in any hour`, () => {
		const budget = new RateBudget();
		let now = 0;
		let taken = 0;
		for (let minute = 0; minute < 60; minute++) {
			now = minute * 60_000;
			while (budget.take(now)) taken++;
			if (minute === 0) expect(taken).toBe(SWEEP_REQUESTS_PER_MINUTE);
		}
		expect(taken).toBe(SWEEP_REQUESTS_PER_HOUR);
		expect(budget.take(3_600_000)).toBe(true);
		expect(SWEEP_REQUESTS_PER_MINUTE).toBe(30);
		expect(SWEEP_REQUESTS_PER_HOUR).toBe(540);
	});

	it('after a 429 sends nothing until Retry-After has passed, or a minute when Aurora did not say', () => {
		const budget = new RateBudget();
		budget.pause(7, 1000);
		expect(budget.take(7_999)).toBe(false);
		expect(budget.take(8_000)).toBe(true);
		budget.pause(undefined, 10_000);
		expect(budget.take(69_999)).toBe(false);
		expect(budget.take(70_000)).toBe(true);
	});
});
