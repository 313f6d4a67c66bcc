import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { extractAuroraMessage } from '../../../nodes/AuroraSolar/transport/envelope';
import { describeFailure, failureError } from '../../../nodes/AuroraSolar/transport/errors';
import type { AuroraFailure } from '../../../nodes/AuroraSolar/transport/failure';
import { classifyThrown } from '../../../nodes/AuroraSolar/transport/network-error';
import { testNode } from '../../support/contexts';

const BASE = 'https://api-sandbox.aurorasolar.com';

function failure(overrides: Partial<AuroraFailure>): AuroraFailure {
	return { kind: 'permanent', attempts: 1, baseUrl: BASE, ...overrides };
}

describe('extractAuroraMessage', () => {
	it.each([
		['a plain-text body, trimmed', '  Project is locked \n', 'Project is locked'],
		['{"error": "..."}', { error: 'address is required' }, 'address is required'],
		['{"message": "..."}', { message: 'owner_id unknown' }, 'owner_id unknown'],
		['{"detail": "..."}', { detail: 'not permitted' }, 'not permitted'],
		['{"errors": [strings]}', { errors: ['a is bad', 'b is bad'] }, 'a is bad; b is bad'],
		[
			'{"errors": [{detail}, {message}, {title}]}',
			{ errors: [{ code: 'x', detail: 'd1' }, { message: 'm2' }, { title: 't3' }] },
			'd1; m2; t3',
		],
		['{"errors": [{unknown shape}]}', { errors: [{ code: 'E42' }] }, '{"code":"E42"}'],
		['{"errors": [number]}', { errors: [42] }, '42'],
		['{"error": {"message": "..."}}', { error: { message: 'nested', code: 1 } }, 'nested'],
		['{"error": {"detail": "..."}}', { error: { detail: 'nested detail' } }, 'nested detail'],
		['{"error": {other}}', { error: { code: 7 } }, '{"code":7}'],
		['an unknown object, as JSON', { status: 'fail', reason: 'quota' }, '{"status":"fail","reason":"quota"}'],
		['error before message', { error: 'first', message: 'second' }, 'first'],
	])('reads %s', (_shape, body, expected) => {
		expect(extractAuroraMessage(body)).toBe(expected);
	});

	it.each([[undefined], [null], [''], ['   '], [{}], [42], [[]], [{ errors: [] }]])('gives undefined for %p', (body) => {
		expect(extractAuroraMessage(body)).toBeUndefined();
	});

	it('keeps a 500-character message whole', () => {
		const text = 'a'.repeat(500);
		expect(extractAuroraMessage(text)).toBe(text);
	});

	it('cuts a longer message at 500 characters and marks the cut', () => {
		const message = extractAuroraMessage({ error: 'b'.repeat(2_000) });
		expect(message).toBe(`${'b'.repeat(500)}…`);
	});

	it('blanks out secrets before cutting, so no part of one survives at the cut', () => {
		const secret = 'sk_sand_0123456789abcdef';
		expect(extractAuroraMessage({ error: `bad token ${secret} (Bearer ${secret})` }, [secret])).toBe('bad token [redacted] (Bearer [redacted])');
		const cut = extractAuroraMessage(`${'x'.repeat(490)}${secret}`, [secret]);
		expect(cut).toBe(`${'x'.repeat(490)}[redacted]`);
		const longer = extractAuroraMessage(`${'x'.repeat(495)}${secret} and more`, [secret]) ?? '';
		expect(longer).toBe(`${'x'.repeat(495)}[reda…`);
		expect(longer).not.toContain(secret.slice(0, 9));
	});

	it('leaves very short secrets alone (they would blank ordinary words)', () => {
		expect(extractAuroraMessage('token abc rejected', ['abc'])).toBe('token abc rejected');
		expect(extractAuroraMessage('token abc rejected', [''])).toBe('token abc rejected');
	});

	it('cuts a long HTML error page too', () => {
		const page = `<html><body>${'<p>Bad gateway</p>'.repeat(100)}</body></html>`;
		expect(extractAuroraMessage(page)).toHaveLength(501);
	});
});

describe('describeFailure', () => {
	it('401 explains wrong, expired or other-environment tokens', () => {
		const { message, description } = describeFailure(failure({ status: 401, auroraMessage: 'ignored' }));
		expect(message).toBe('Aurora rejected the API token (401 Unauthorized)');
		expect(description).toContain('sandbox keys start with sk_sand_ or rk_sand_, production keys with sk_prod_ or rk_prod_');
	});

	it('403 passes on Aurora’s reason and explains restricted keys', () => {
		expect(describeFailure(failure({ status: 403, auroraMessage: 'leads:read missing' })).message).toBe(
			'The API token is not allowed to do this (403 Forbidden): leads:read missing',
		);
		const { message, description } = describeFailure(failure({ status: 403 }));
		expect(message).toBe('The API token is not allowed to do this (403 Forbidden)');
		expect(description).toContain('Restricted keys (rk_…)');
	});

	it('404 names the object', () => {
		const { message, description } = describeFailure(failure({ status: 404, subject: 'Lead "3fa85f64"' }));
		expect(message).toBe('Lead "3fa85f64" was not found (404)');
		expect(description).toContain('sandbox and production have separate data');
	});

	it('404 without a subject speaks of the requested object', () => {
		expect(describeFailure(failure({ status: 404 })).message).toBe('The requested object was not found (404)');
	});

	it('405 points at the key’s API version', () => {
		const { message, description } = describeFailure(failure({ status: 405 }));
		expect(message).toBe('Aurora does not offer this operation here (405 Method Not Allowed)');
		expect(description).toContain('API version');
	});

	it('400, 409 and 422 pass on Aurora’s message', () => {
		expect(describeFailure(failure({ status: 400, auroraMessage: 'bad uuid' })).message).toBe(
			'Aurora rejected the request as malformed (400): bad uuid',
		);
		expect(describeFailure(failure({ status: 409, auroraMessage: 'locked' })).message).toBe('Aurora reported a conflict (409): locked');
		expect(describeFailure(failure({ status: 422, auroraMessage: 'name missing' })).message).toBe(
			'Aurora could not process the request (422): name missing',
		);
		expect(describeFailure(failure({ status: 422 })).message).toBe('Aurora could not process the request (422)');
	});

	it('429 mentions the rate limit and Aurora’s last Retry-After', () => {
		const withWait = describeFailure(failure({ status: 429, retryAfterSeconds: 30, attempts: 6 }));
		expect(withWait.message).toBe('Aurora kept rate-limiting the requests and the retries ran out (429 Too Many Requests)');
		expect(withWait.description).toContain('about 90 requests per minute per API key');
		expect(withWait.description).toContain('Aurora last asked to wait 30 s.');
		expect(describeFailure(failure({ status: 429 })).description).not.toContain('last asked');
	});

	it.each([500, 502, 503, 504])('%i says the retries ran out and how many attempts were made', (status) => {
		const { message, description } = describeFailure(failure({ status, attempts: 6, auroraMessage: 'oops' }));
		expect(message).toBe(`Aurora had a server error (${status}) and the retries ran out: oops`);
		expect(description).toContain('Gave up after 6 attempt(s)');
	});

	it('any other status is named with Aurora’s text', () => {
		const { message } = describeFailure(failure({ status: 418, auroraMessage: 'teapot' }));
		expect(message).toBe('Aurora answered with HTTP 418: teapot');
	});

	it.each([['ETIMEDOUT'], ['ECONNABORTED'], ['ESOCKETTIMEDOUT']])('%s says Aurora did not answer in time', (networkCode) => {
		const { message, description } = describeFailure(failure({ networkCode, attempts: 3 }));
		expect(message).toBe(`Aurora did not answer in time (${networkCode})`);
		expect(description).toContain('Gave up after 3 attempt(s)');
		expect(description).toContain(BASE);
	});

	it.each([['ECONNREFUSED'], ['ECONNRESET'], ['ENOTFOUND']])('%s says Aurora could not be reached at the base URL', (networkCode) => {
		expect(describeFailure(failure({ networkCode })).message).toBe(`Could not reach Aurora at ${BASE} (${networkCode})`);
	});

	it('a network failure without a code still reads well', () => {
		expect(describeFailure(failure({})).message).toBe(`Could not reach Aurora at ${BASE} (network error)`);
	});

	it('a successful answer that lacks what was asked for names the missing thing', () => {
		const { message, description } = describeFailure(failure({ missing: { what: 'list of leads', key: 'leads' } }));
		expect(message).toBe("Aurora's answer holds no list of leads");
		expect(description).toContain('The response succeeded but had no "leads" object or array in it.');
		expect(description).toContain('Custom base URL');
	});

	it('"missing" wins over a status, a network code and a malformed body', () => {
		const { message } = describeFailure(
			failure({ missing: { what: 'lead', key: 'lead' }, status: 200, networkCode: 'ECONNRESET', malformedBody: true, subject: 'Lead "x"' }),
		);
		expect(message).toBe("Aurora's answer holds no lead");
	});

	it('an unreadable body wins over everything else', () => {
		const { message, description } = describeFailure(failure({ malformedBody: true, status: 200, attempts: 6 }));
		expect(message).toBe('Aurora answered with a body that is not valid JSON');
		expect(description).toContain(`After 6 attempt(s) the response from ${BASE} still could not be read`);
	});
});

describe('failureError', () => {
	const node = testNode('n8n-nodes-aurora-solar.auroraSolar');

	it('carries message, description, HTTP code and item index', () => {
		const error = failureError(node, failure({ status: 404, subject: 'Project "p"' }), 2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Project "p" was not found (404)');
		expect(error.description).toContain('It may have been deleted');
		expect((error as NodeApiError).httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(2);
	});

	it('keeps Aurora’s message for the error details', () => {
		const error = failureError(node, failure({ status: 422, auroraMessage: 'name missing' }));
		expect((error as NodeApiError).errorResponse).toEqual(expect.objectContaining({ auroraMessage: 'name missing', httpCode: '422' }));
	});

	it.each([
		['ECONNRESET', `Could not reach Aurora at ${BASE} (ECONNRESET)`],
		['ECONNREFUSED', `Could not reach Aurora at ${BASE} (ECONNREFUSED)`],
		['ENOTFOUND', `Could not reach Aurora at ${BASE} (ENOTFOUND)`],
		['ETIMEDOUT', 'Aurora did not answer in time (ETIMEDOUT)'],
		['ECONNABORTED', 'Aurora did not answer in time (ECONNABORTED)'],
	])('keeps its own message for a network failure (%s)', (networkCode, expected) => {
		// n8n's NodeApiError swaps messages containing common Node.js error codes for generic text
		// ("The connection was aborted, perhaps the server is offline"), losing the host and the code.
		const error = failureError(node, failure({ networkCode, attempts: 6 }));
		// An HTTP code is only ever an HTTP status; the network code has its own place.
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBeNull();
		expect(error.context.networkCode).toBe(networkCode);
		expect(error.message).toBe(expected);
		expect(error.description).toBe(describeFailure(failure({ networkCode, attempts: 6 })).description);
		expect(error.description).toContain(`Check that n8n can reach ${BASE}`);
	});

	it('a missing object becomes a NodeApiError without an HTTP code, with the item index', () => {
		const error = failureError(node, { kind: 'permanent', attempts: 1, baseUrl: '', missing: { what: 'project', key: 'project' } }, 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no project");
		expect(error.description).toContain('no "project" object or array');
		expect((error as NodeApiError).httpCode).toBeNull();
		expect(error.context.itemIndex).toBe(3);
	});

	it('keeps its own message when Aurora’s (or a proxy’s) text mentions a Node.js error code', () => {
		const error = failureError(node, failure({ status: 502, attempts: 6, auroraMessage: 'upstream connect ECONNREFUSED 10.1.2.3:443' }));
		expect(error.message).toBe('Aurora had a server error (502) and the retries ran out: upstream connect ECONNREFUSED 10.1.2.3:443');
	});

	it('a failure that is not an answer (an unusable credential, an unreadable list) is a NodeOperationError in its own words', () => {
		const error = failureError(node, { kind: 'permanent', attempts: 1, baseUrl: '', problem: { message: 'No tenant id', description: 'Fill it in.' } }, 1);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No tenant id');
		expect(error.description).toBe('Fill it in.');
		expect(error.context.itemIndex).toBe(1);
	});
});

describe('classifyThrown', () => {
	it('finds a network code anywhere in the cause chain', () => {
		const inner = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(classifyThrown({ message: 'wrapped', cause: { message: 'again', cause: inner } })).toEqual({ kind: 'network', code: 'ECONNRESET' });
	});

	it('finds an HTTP answer that arrived as an error', () => {
		const axiosLike = Object.assign(new Error('Request failed'), {
			code: 'ERR_BAD_REQUEST',
			response: { status: 429, data: '{"error":"slow"}', headers: { 'retry-after': '2' } },
		});
		expect(classifyThrown(axiosLike)).toEqual({ kind: 'http', status: 429, body: '{"error":"slow"}', headers: { 'retry-after': '2' } });
	});

	it('recognises a cancelled execution', () => {
		expect(classifyThrown(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' })).kind).toBe('cancelled');
	});

	it('falls back on the message for timeouts and hang-ups', () => {
		expect(classifyThrown(new Error('timeout of 250ms exceeded'))).toEqual({ kind: 'network', code: 'ETIMEDOUT' });
		expect(classifyThrown(new Error('socket hang up'))).toEqual({ kind: 'network', code: 'ECONNRESET' });
		expect(classifyThrown(new Error('something else'))).toEqual({ kind: 'network', code: 'network error' });
	});
});
