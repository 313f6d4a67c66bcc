import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { auroraCall, auroraRequest } from '../../../nodes/AuroraSolar/transport/request';
import type { RetryBudget } from '../../../nodes/AuroraSolar/transport/retry';
import {
	BUDGETS,
	backoffMs,
	parseRetryAfter,
} from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH, executeContext } from '../../support/contexts';
import { useNock } from '../../support/nock';
import { recordSleeps } from '../../support/sleeps';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('parseRetryAfter', () => {
	it.each([
		['5', 5],
		['0', 0],
		['  7 ', 7],
		['120', 120],
		['1.5', 1.5],
		['0.25', 0.25],
	])('reads delta-seconds %p as %p', (value, seconds) => {
		expect(parseRetryAfter(value, NOW)).toBe(seconds);
	});

	it('reads a number', () => {
		expect(parseRetryAfter(3, NOW)).toBe(3);
	});

	it('reads an HTTP date in the future as the seconds until then', () => {
		expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30);
		expect(parseRetryAfter('Wed, 15 Jan 2025 12:02:00 GMT', NOW)).toBe(120);
	});

	it('reads an HTTP date in the past as 0 (retry now), never negative', () => {
		expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
	});

	it('takes the first value of a repeated header', () => {
		expect(parseRetryAfter(['4', '90'], NOW)).toBe(4);
		expect(parseRetryAfter([new Date(NOW + 10_000).toUTCString()], NOW)).toBe(10);
	});

	it.each([['soon'], ['5s'], ['1e3'], ['0x10'], ['10 seconds'], [''], ['   '], ['-1'], ['+5'], ['-0.5']])('ignores the unreadable value %p (a negative or signed number is not an HTTP date either)', (value) => {
		expect(parseRetryAfter(value, NOW)).toBeUndefined();
	});

	it.each([[undefined], [null], [{}], [[]], [true]])('ignores a missing or non-text header %p', (value) => {
		expect(parseRetryAfter(value, NOW)).toBeUndefined();
	});

	it('ignores a negative number instead of reading it as a date', () => {
		// "-1" is neither delta-seconds nor an HTTP date (RFC 9110 §10.2.3); V8's lenient Date.parse
		// reads it as 1 January 2001, which would turn it into "retry immediately".
		expect(parseRetryAfter('-1', NOW)).toBeUndefined();
	});
});

describe('backoffMs', () => {
	const budget: RetryBudget = { maxAttempts: 6, deadlineMs: 180_000, attemptTimeoutMs: 30_000, maxBackoffMs: 30_000, baseBackoffMs: 1_000 };

	it('starts at the base wait and doubles on each retry, with jitter between half and all of it', () => {
		expect(backoffMs(budget, 1, () => 0)).toBe(500);
		expect(backoffMs(budget, 1, () => 1)).toBe(1_000);
		expect(backoffMs(budget, 2, () => 1)).toBe(2_000);
		expect(backoffMs(budget, 3, () => 0)).toBe(2_000);
		expect(backoffMs(budget, 3, () => 1)).toBe(4_000);
	});

	it('never exceeds the cap', () => {
		expect(backoffMs(budget, 6, () => 1)).toBe(30_000);
		expect(backoffMs(budget, 50, () => 1)).toBe(30_000);
		expect(backoffMs(budget, 50, () => 0)).toBe(15_000);
	});

	it('treats retry 0 like the first retry', () => {
		expect(backoffMs(budget, 0, () => 1)).toBe(1_000);
	});

	it('stays within [exp/2, exp] for any random value', () => {
		for (let retry = 1; retry <= 8; retry++) {
			const exponential = Math.min(30_000, 1_000 * 2 ** (retry - 1));
			for (let sample = 0; sample < 50; sample++) {
				const wait = backoffMs(budget, retry);
				expect(wait).toBeGreaterThanOrEqual(exponential / 2);
				expect(wait).toBeLessThanOrEqual(exponential);
			}
		}
	});
});

const PATH = `${TENANT_PATH}/projects/p-1`;

function context(requests?: IHttpRequestOptions[]): IExecuteFunctions {
	return executeContext({ parameters: {}, requests });
}

function counted(scope: nock.Scope): () => number {
	let count = 0;
	scope.on('request', () => count++);
	return () => count;
}

async function get(budget: RetryBudget = BUDGETS.action, requests?: IHttpRequestOptions[]): Promise<unknown> {
	return await auroraRequest.call(context(requests), { method: 'GET', path: '/projects/p-1', subject: 'Project "p-1"' }, budget);
}

/** The budget, and the waits the call asks n8n's sleep for from now on (recorded, not slept: test/support/sleeps.ts). */
function recording(budget: Readonly<RetryBudget>): { budget: Readonly<RetryBudget>; waits: number[] } {
	return { budget, waits: recordSleeps() };
}

describe('budgets, by what they do (waits recorded, not slept)', () => {
	useNock();

	it('a GET answered 503, 503, 200 makes three requests and succeeds, backing off exponentially in between', async () => {
		const { budget, waits } = recording(BUDGETS.action);
		const scope = nock(AURORA).get(PATH).times(2).reply(503, '').get(PATH).reply(200, { id: 'p-1' });
		const count = counted(scope);

		await expect(get(budget)).resolves.toEqual({ id: 'p-1' });

		expect(count()).toBe(3);
		expect(waits).toHaveLength(2);
		// First back-off: the base wait with jitter; second: twice that.
		expect(waits[0]).toBeGreaterThanOrEqual(BUDGETS.action.baseBackoffMs / 2);
		expect(waits[0]).toBeLessThanOrEqual(BUDGETS.action.baseBackoffMs);
		expect(waits[1]).toBeGreaterThanOrEqual(BUDGETS.action.baseBackoffMs);
		expect(waits[1]).toBeLessThanOrEqual(BUDGETS.action.baseBackoffMs * 2);
	});

	it.each([
		['7', 7_000],
		['1.5', 1_500],
		['0', 0],
	])('a 429 with Retry-After %p waits exactly %p ms, then the second request succeeds', async (retryAfter, waitMs) => {
		const { budget, waits } = recording(BUDGETS.action);
		const scope = nock(AURORA).get(PATH).reply(429, '', { 'Retry-After': retryAfter }).get(PATH).reply(200, { id: 'p-1' });
		const count = counted(scope);

		await expect(get(budget)).resolves.toEqual({ id: 'p-1' });

		expect(count()).toBe(2);
		// A zero wait needs no sleep at all.
		expect(waits).toEqual(waitMs > 0 ? [waitMs] : []);
	});

	it('a 429 without Retry-After backs off like a server error', async () => {
		const { budget, waits } = recording(BUDGETS.action);
		nock(AURORA).get(PATH).reply(429, '').get(PATH).reply(200, { id: 'p-1' });

		await expect(get(budget)).resolves.toEqual({ id: 'p-1' });

		expect(waits).toHaveLength(1);
		expect(waits[0]).toBeGreaterThanOrEqual(BUDGETS.action.baseBackoffMs / 2);
		expect(waits[0]).toBeLessThanOrEqual(BUDGETS.action.baseBackoffMs);
	});

	it.each([
		['BUDGETS.action', BUDGETS.action],
		['BUDGETS.delivery', BUDGETS.delivery],
		['BUDGETS.lifecycle', BUDGETS.lifecycle],
	])('%s: a persistent 503 gets maxAttempts requests, with capped waits between them', async (_name, original) => {
		const { budget, waits } = recording(original);
		const scope = nock(AURORA).get(PATH).times(20).reply(503, '');
		const count = counted(scope);

		await expect(get(budget)).rejects.toThrow('Aurora had a server error (503) and the retries ran out');

		expect(count()).toBe(original.maxAttempts);
		expect(count()).toBeGreaterThanOrEqual(2);
		expect(waits).toHaveLength(original.maxAttempts - 1);
		for (const wait of waits) expect(wait).toBeLessThanOrEqual(original.maxBackoffMs);
	});

	it('a webhook delivery does not wait out a Retry-After that would pass Aurora’s 10 s delivery timeout', async () => {
		const { budget, waits } = recording(BUDGETS.delivery);
		const scope = nock(AURORA).get(PATH).times(2).reply(429, '', { 'Retry-After': '9' });
		const count = counted(scope);

		await expect(get(budget)).rejects.toThrow('(429 Too Many Requests)');

		expect(count()).toBe(1);
		expect(waits).toEqual([]);
	});

	it('a 429 whose Retry-After is beyond the overall deadline fails at once, without sleeping', async () => {
		const { budget, waits } = recording(BUDGETS.action);
		const scope = nock(AURORA).get(PATH).times(2).reply(429, '', { 'Retry-After': '600' });
		const count = counted(scope);

		const error = (await get(budget).catch((caught: unknown) => caught)) as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
		expect(error.description).toContain('Aurora last asked to wait 600 s.');
		expect(count()).toBe(1);
		expect(waits).toEqual([]);
	});
});

describe('POST: repeated unless the request says it creates something', () => {
	useNock();

	const WEBHOOKS = `${TENANT_PATH}/webhooks`;
	const CREATED = { what: 'webhook subscription', check: 'look for it.' };

	it('without `creates` (the trigger’s own subscription create), a 503 is retried as before', async () => {
		const { budget } = recording(BUDGETS.lifecycle);
		const scope = nock(AURORA).post(WEBHOOKS).reply(503, '').post(WEBHOOKS).reply(201, { webhook: { id: 'w-1' } });
		const count = counted(scope);

		await expect(auroraRequest.call(context(), { method: 'POST', path: '/webhooks', body: { webhook: {} } }, budget)).resolves.toEqual({ webhook: { id: 'w-1' } });

		expect(count()).toBe(2);
	});

	it('with `creates`, a 503 ends the call after one request, as a failure that says the object may exist', async () => {
		const { budget, waits } = recording(BUDGETS.lifecycle);
		const scope = nock(AURORA).post(WEBHOOKS).reply(503, { error: 'busy' }).post(WEBHOOKS).reply(201, { webhook: { id: 'w-1' } });
		const count = counted(scope);

		const result = await auroraCall.call(context(), { method: 'POST', path: '/webhooks', body: { webhook: {} }, creates: CREATED }, budget);

		expect(count()).toBe(1);
		expect(waits).toEqual([]);
		expect(result).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'may-have-created', status: 503, attempts: 1, auroraMessage: 'busy', mayHaveCreated: CREATED }) });
	});

	it('with `creates`, a 422 is a plain failure: Aurora said no, so nothing was made', async () => {
		nock(AURORA).post(WEBHOOKS).reply(422, { error: 'event is unknown' });

		const result = await auroraCall.call(context(), { method: 'POST', path: '/webhooks', body: { webhook: {} }, creates: CREATED });

		expect(result.ok).toBe(false);
		expect(result.ok ? undefined : result.failure.kind).toBe('permanent');
		expect(result.ok ? undefined : result.failure.mayHaveCreated).toBeUndefined();
	});
});

describe('retries against Aurora', () => {
	useNock();

	it('a 429 asking for a wait that would end after a tight deadline also fails at once', async () => {
		const budget: RetryBudget = { maxAttempts: 6, deadlineMs: 1_000, attemptTimeoutMs: 500, maxBackoffMs: 20, baseBackoffMs: 5 };
		const scope = nock(AURORA).get(PATH).times(2).reply(429, '', { 'Retry-After': '3' });
		const count = counted(scope);

		await expect(get(budget)).rejects.toThrow('(429 Too Many Requests)');
		expect(count()).toBe(1);
	});

	it('a 429 with an HTTP date in the past retries immediately', async () => {
		const scope = nock(AURORA)
			.get(PATH)
			.reply(429, '', { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' })
			.get(PATH)
			.reply(200, { project: { id: 'p-1' } });

		await expect(get()).resolves.toEqual({ project: { id: 'p-1' } });
		expect(scope.isDone()).toBe(true);
	});

	it('the overall deadline bounds the number of attempts when errors persist', async () => {
		const budget: RetryBudget = { maxAttempts: 50, deadlineMs: 700, attemptTimeoutMs: 500, maxBackoffMs: 100, baseBackoffMs: 100 };
		const scope = nock(AURORA).get(PATH).times(50).reply(503, '');
		const count = counted(scope);

		const error = (await get(budget).catch((caught: unknown) => caught)) as NodeApiError;

		expect(error.message).toBe('Aurora had a server error (503) and the retries ran out');
		// Each wait needs 250 ms left before the deadline afterwards, so the deadline ends the call long before
		// its 50 attempts (the waits themselves are recorded, not slept: test/support/sleeps.ts).
		expect(count()).toBeGreaterThanOrEqual(2);
		expect(count()).toBeLessThan(budget.maxAttempts);
		expect(error.description).toContain(`Gave up after ${count()} attempt(s)`);
	});

	it('maxAttempts bounds the attempts (delivery budget: 4)', async () => {
		const scope = nock(AURORA).get(PATH).times(10).reply(502, '');
		const count = counted(scope);

		await expect(get(BUDGETS.delivery)).rejects.toThrow('Aurora had a server error (502) and the retries ran out');
		expect(count()).toBe(BUDGETS.delivery.maxAttempts);
	});

	it('408 Request Timeout is retried', async () => {
		const scope = nock(AURORA).get(PATH).reply(408, '').get(PATH).reply(200, { id: 'p-1' });

		await expect(get()).resolves.toEqual({ id: 'p-1' });
		expect(scope.isDone()).toBe(true);
	});

	it.each([400, 401, 403, 404, 405, 409, 422])('%i is answered after exactly one request', async (status) => {
		const scope = nock(AURORA).get(PATH).times(3).reply(status, { error: 'no' });
		const count = counted(scope);

		await expect(get()).rejects.toBeInstanceOf(NodeApiError);
		expect(count()).toBe(1);
	});

	it('no single attempt may outlast the overall deadline', async () => {
		const budget: RetryBudget = { maxAttempts: 2, deadlineMs: 1_000, attemptTimeoutMs: 30_000, maxBackoffMs: 20, baseBackoffMs: 5 };
		const requests: IHttpRequestOptions[] = [];
		nock(AURORA).get(PATH).reply(200, { id: 'p-1' });

		await get(budget, requests);

		expect(requests).toHaveLength(1);
		expect(requests[0].timeout).toBeGreaterThanOrEqual(250);
		expect(requests[0].timeout).toBeLessThanOrEqual(1_000);
	});

	it('auroraCall returns Aurora’s answer as a failure instead of throwing', async () => {
		nock(AURORA).get(PATH).reply(404, { error: 'Not Found' });

		const result = await auroraCall.call(context(), { method: 'GET', path: '/projects/p-1', subject: 'Project "p-1"' });

		expect(result).toEqual({
			ok: false,
			failure: expect.objectContaining({ kind: 'permanent', status: 404, attempts: 1, subject: 'Project "p-1"', auroraMessage: 'Not Found', baseUrl: AURORA }),
		});
	});
});
