import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { auroraCall, auroraRequest } from '../../../nodes/AuroraSolar/transport/request';
import type { RetryBudget } from '../../../nodes/AuroraSolar/transport/retry';
import {
	ACTION_BUDGET,
	DELIVERY_BUDGET,
	LIFECYCLE_BUDGET,
	backoffMs,
	isTransientStatus,
	parseRetryAfter,
} from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH, executeContext } from '../../support/contexts';
import { useFastRetries } from '../../support/fast-retries';

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

describe('isTransientStatus', () => {
	it.each([408, 429, 500, 502, 503, 504])('%i is retried', (status) => expect(isTransientStatus(status)).toBe(true));
	it.each([400, 401, 403, 404, 405, 409, 422])('%i is not retried', (status) => expect(isTransientStatus(status)).toBe(false));
});

describe('budgets', () => {
	it('a webhook delivery finishes well inside Aurora’s 10 s delivery timeout', () => {
		expect(DELIVERY_BUDGET.deadlineMs + DELIVERY_BUDGET.attemptTimeoutMs).toBeLessThan(12_000);
		expect(DELIVERY_BUDGET.deadlineMs).toBeLessThan(10_000);
		expect(DELIVERY_BUDGET.attemptTimeoutMs).toBeLessThan(DELIVERY_BUDGET.deadlineMs);
	});

	it('every budget allows at least one retry', () => {
		for (const budget of [ACTION_BUDGET, DELIVERY_BUDGET, LIFECYCLE_BUDGET]) expect(budget.maxAttempts).toBeGreaterThanOrEqual(2);
	});
});

describe('retries against Aurora', () => {
	useFastRetries();
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	const PATH = `${TENANT_PATH}/projects/p-1`;

	function context(requests?: IHttpRequestOptions[]): IExecuteFunctions {
		return executeContext({ parameters: {}, requests });
	}

	function counted(scope: nock.Scope): () => number {
		let count = 0;
		scope.on('request', () => count++);
		return () => count;
	}

	async function get(budget: RetryBudget = ACTION_BUDGET, requests?: IHttpRequestOptions[]): Promise<unknown> {
		return await auroraRequest.call(context(requests), { method: 'GET', path: '/projects/p-1', subject: 'Project "p-1"' }, budget);
	}

	it('a 429 whose Retry-After is beyond the overall deadline fails at once, without sleeping', async () => {
		const scope = nock(AURORA).get(PATH).times(2).reply(429, '', { 'Retry-After': '600' });
		const count = counted(scope);
		const started = Date.now();

		const error = (await get().catch((caught: unknown) => caught)) as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
		expect(error.description).toContain('Aurora last asked to wait 600 s.');
		expect(count()).toBe(1);
		// Loose on purpose: only that it did not wait anything like the 600 s asked for.
		expect(Date.now() - started).toBeLessThan(10_000);
	});

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
		// Each wait is at least 50 ms and needs 250 ms left afterwards, so at most ~10 attempts fit in 700 ms.
		expect(count()).toBeGreaterThanOrEqual(2);
		expect(count()).toBeLessThanOrEqual(10);
		expect(error.description).toContain(`Gave up after ${count()} attempt(s)`);
	});

	it('maxAttempts bounds the attempts (delivery budget: 4)', async () => {
		const scope = nock(AURORA).get(PATH).times(10).reply(502, '');
		const count = counted(scope);

		await expect(get(DELIVERY_BUDGET)).rejects.toThrow('Aurora had a server error (502) and the retries ran out');
		expect(count()).toBe(DELIVERY_BUDGET.maxAttempts);
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
			failure: expect.objectContaining({ status: 404, attempts: 1, subject: 'Project "p-1"', auroraMessage: 'Not Found', baseUrl: AURORA }),
		});
	});
});
