/**
 * What a failure means, decided once in the transport: each kind for each status, network error and
 * unreadable answer, for reads and for requests that create something.
 */
import { attemptKind, passesWithTime, settledKind } from '../../../nodes/AuroraSolar/transport/failure';
import type { AttemptFailure, AuroraFailure } from '../../../nodes/AuroraSolar/transport/failure';

const cases: Array<[string, AttemptFailure, string, string, string]> = [
	// name, attempt, kind for a read, kind for a create, settled kind for a read
	['408', { status: 408 }, 'retry-now', 'may-have-created', 'retry-now'],
	['429', { status: 429 }, 'retry-now', 'retry-now', 'retry-now'],
	['500', { status: 500 }, 'retry-now', 'may-have-created', 'retry-now'],
	['503', { status: 503 }, 'retry-now', 'may-have-created', 'retry-now'],
	['409', { status: 409 }, 'passes-with-time', 'passes-with-time', 'passes-with-time'],
	['400', { status: 400 }, 'permanent', 'permanent', 'permanent'],
	['401', { status: 401 }, 'permanent', 'permanent', 'permanent'],
	['403', { status: 403 }, 'permanent', 'permanent', 'permanent'],
	['404', { status: 404 }, 'permanent', 'permanent', 'permanent'],
	['410', { status: 410 }, 'permanent', 'permanent', 'permanent'],
	['422', { status: 422 }, 'permanent', 'permanent', 'permanent'],
	['a timeout', { networkCode: 'ETIMEDOUT' }, 'retry-now', 'may-have-created', 'retry-now'],
	['a reset', { networkCode: 'ECONNRESET' }, 'retry-now', 'may-have-created', 'retry-now'],
	['a refused connection', { networkCode: 'ECONNREFUSED' }, 'retry-now', 'retry-now', 'retry-now'],
	['an unknown host', { networkCode: 'ENOTFOUND' }, 'retry-now', 'retry-now', 'retry-now'],
	['an unreadable answer', { malformedBody: true }, 'retry-now', 'may-have-created', 'permanent'],
];

describe.each(cases)('%s', (_name, attempt, read, create, settledRead) => {
	it(`is ${read} for a read and ${create} for a request that creates something`, () => {
		expect(attemptKind(attempt, false)).toBe(read);
		expect(attemptKind(attempt, true)).toBe(create);
	});

	it(`is ${settledRead} once no attempt is left, and a create settles as it started`, () => {
		expect(settledKind(attempt, false)).toBe(settledRead);
		expect(settledKind(attempt, true)).toBe(create);
	});
});

describe('passesWithTime', () => {
	const failure = (kind: AuroraFailure['kind']): AuroraFailure => ({ kind, attempts: 1, baseUrl: '' });

	it('holds for failures a later try can finish (a create that may have worked is found by the next pass), not for those that need a person or a look', () => {
		expect(passesWithTime(failure('retry-now'))).toBe(true);
		expect(passesWithTime(failure('passes-with-time'))).toBe(true);
		expect(passesWithTime(failure('may-have-created'))).toBe(true);
		expect(passesWithTime(failure('permanent'))).toBe(false);
	});
});
