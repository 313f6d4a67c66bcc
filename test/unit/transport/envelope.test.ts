import { isObject, unwrapMany, unwrapOne } from '../../../nodes/AuroraSolar/transport/envelope';

describe('unwrapOne', () => {
	it('takes the object out of its singular envelope', () => {
		expect(unwrapOne({ project: { id: 'p-1', name: 'A' } }, 'project')).toEqual({ id: 'p-1', name: 'A' });
	});

	it('ignores sibling keys next to the envelope', () => {
		expect(unwrapOne({ lead: { id: 'l-1' }, meta: { version: '2022.09' } }, 'lead')).toEqual({ id: 'l-1' });
	});

	it('returns a bare object as it is (Aurora’s Retrieve Lead example)', () => {
		const bare = { id: 'l-1', address: '434 Brannan St', customer: { customer_first_name: 'Jane' } };
		expect(unwrapOne(bare, 'lead')).toBe(bare);
	});

	it('keeps a bare object whose field of the same name is not an object', () => {
		expect(unwrapOne({ id: 'd-1', pricing: null }, 'pricing')).toEqual({ id: 'd-1', pricing: null });
		expect(unwrapOne({ id: 'w-1', webhook: 'lead_created' }, 'webhook')).toEqual({ id: 'w-1', webhook: 'lead_created' });
	});

	it.each([[undefined], [null], [''], ['<html>'], [42], [[{ id: 'x' }]]])('returns undefined for a body that is no object: %p', (body) => {
		expect(unwrapOne(body, 'lead')).toBeUndefined();
	});
});

describe('unwrapMany', () => {
	it('takes the list out of its plural envelope', () => {
		expect(unwrapMany({ leads: [{ id: '1' }, { id: '2' }] }, 'leads')).toEqual([{ id: '1' }, { id: '2' }]);
	});

	it('reads a bare array', () => {
		expect(unwrapMany([{ id: '1' }], 'leads')).toEqual([{ id: '1' }]);
	});

	it('reads a {"data": [...]} list when the plural key is missing', () => {
		expect(unwrapMany({ data: [{ id: '1' }], page: 1 }, 'leads')).toEqual([{ id: '1' }]);
	});

	it('prefers the plural key over data', () => {
		expect(unwrapMany({ leads: [{ id: 'a' }], data: [{ id: 'b' }] }, 'leads')).toEqual([{ id: 'a' }]);
	});

	it('drops entries that are not objects', () => {
		expect(unwrapMany([{ id: '1' }, null, 'x', 3, [{ id: 'nested' }], { id: '2' }], 'leads')).toEqual([{ id: '1' }, { id: '2' }]);
		expect(unwrapMany({ leads: [null, { id: '1' }] }, 'leads')).toEqual([{ id: '1' }]);
	});

	it('gives an empty list for an empty envelope or array', () => {
		expect(unwrapMany({ leads: [] }, 'leads')).toEqual([]);
		expect(unwrapMany([], 'leads')).toEqual([]);
	});

	it.each([[undefined], [null], ['text'], [{}], [{ lead: { id: '1' } }], [{ leads: 'none' }], [{ leads: { id: '1' } }]])(
		'returns undefined when the body holds no list: %p',
		(body) => {
			expect(unwrapMany(body, 'leads')).toBeUndefined();
		},
	);
});

describe('isObject', () => {
	it.each([
		[{}, true],
		[{ a: 1 }, true],
		[[], false],
		[null, false],
		[undefined, false],
		['x', false],
		[1, false],
	])('%p → %p', (value, expected) => {
		expect(isObject(value)).toBe(expected);
	});
});
