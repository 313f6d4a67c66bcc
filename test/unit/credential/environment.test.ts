import nock from 'nock';
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	AURORA_BASE_URLS,
	keyEnvironment,
	keyEnvironmentMismatch,
	resolveBaseUrl,
} from '../../../credentials/environment';
import { auroraRequest } from '../../../nodes/AuroraSolar/transport/request';
import { TENANT, TENANT_PATH, TOKEN, executeContext, testCredentials } from '../../support/contexts';
import { useNock } from '../../support/nock';

describe('keyEnvironment', () => {
	it.each([
		['sk_sand_abc123', 'sandbox'],
		['rk_sand_abc123', 'sandbox'],
		['sk_prod_LXknKczQYkniVtMpRYs8wJgk', 'production'],
		['rk_prod_abc123', 'production'],
		['  sk_prod_abc123\n', 'production'],
		['\trk_sand_abc123 ', 'sandbox'],
	])('%p is a %s key', (token, environment) => {
		expect(keyEnvironment(token)).toBe(environment);
	});

	it.each([[''], ['abc'], ['pk_live_123'], ['sk_test_123'], ['sk_prodabc'], ['xsk_prod_abc'], ['Bearer sk_prod_abc'], ['SK_PROD_abc']])(
		'%p has no recognised prefix',
		(token) => {
			expect(keyEnvironment(token)).toBeUndefined();
		},
	);
});

describe('keyEnvironmentMismatch', () => {
	it('a sandbox key with Environment = Production', () => {
		expect(keyEnvironmentMismatch('sk_sand_abc', 'production')).toBe(
			'The API token is a sandbox key (it starts with "sk_sand_") but the credential\'s Environment is Production. ' +
				'Set Environment to Sandbox, or use a production key (sk_prod_… or rk_prod_…).',
		);
	});

	it('a restricted sandbox key with Environment = Production names its own prefix', () => {
		expect(keyEnvironmentMismatch(' rk_sand_abc ', 'production')).toContain('(it starts with "rk_sand_")');
	});

	it('a production key with Environment = Sandbox', () => {
		expect(keyEnvironmentMismatch('rk_prod_abc', 'sandbox')).toBe(
			'The API token is a production key (it starts with "rk_prod_") but the credential\'s Environment is Sandbox. ' +
				'Set Environment to Production, or use a sandbox key (sk_sand_… or rk_sand_…).',
		);
	});

	it.each([
		['sk_sand_abc', 'sandbox'],
		['rk_sand_abc', 'sandbox'],
		['sk_prod_abc', 'production'],
		['rk_prod_abc', 'production'],
	])('%p matches %s', (token, environment) => {
		expect(keyEnvironmentMismatch(token, environment)).toBeUndefined();
	});

	it.each([['sk_sand_abc'], ['sk_prod_abc'], ['anything']])('%p is never a mismatch with a Custom base URL', (token) => {
		expect(keyEnvironmentMismatch(token, 'custom')).toBeUndefined();
	});

	it('a key without a known prefix is not judged', () => {
		expect(keyEnvironmentMismatch('legacy-key-123', 'production')).toBeUndefined();
		expect(keyEnvironmentMismatch('', 'sandbox')).toBeUndefined();
	});
});

describe('resolveBaseUrl', () => {
	it('production and sandbox use Aurora’s hosts', () => {
		expect(resolveBaseUrl('production', undefined)).toBe('https://api.aurorasolar.com');
		expect(resolveBaseUrl('sandbox', undefined)).toBe('https://api-sandbox.aurorasolar.com');
		expect(AURORA_BASE_URLS).toEqual({ production: 'https://api.aurorasolar.com', sandbox: 'https://api-sandbox.aurorasolar.com' });
	});

	it('production and sandbox ignore a Base URL left over from Custom', () => {
		expect(resolveBaseUrl('production', 'http://proxy.test')).toBe('https://api.aurorasolar.com');
		expect(resolveBaseUrl('sandbox', 'http://proxy.test')).toBe('https://api-sandbox.aurorasolar.com');
	});

	it.each([
		['https://aurora-proxy.example.com', 'https://aurora-proxy.example.com'],
		['https://aurora-proxy.example.com/', 'https://aurora-proxy.example.com'],
		['https://aurora-proxy.example.com///', 'https://aurora-proxy.example.com'],
		['  http://localhost:4010/  ', 'http://localhost:4010'],
		['https://gateway.example.com/aurora/', 'https://gateway.example.com/aurora'],
	])('Custom %p becomes %p', (input, expected) => {
		expect(resolveBaseUrl('custom', input)).toBe(expected);
	});

	it('Custom without a Base URL gives an empty string', () => {
		expect(resolveBaseUrl('custom', undefined)).toBe('');
		expect(resolveBaseUrl('custom', '   ')).toBe('');
	});

	it('an unknown environment falls back to production', () => {
		expect(resolveBaseUrl('staging', 'http://x.test')).toBe('https://api.aurorasolar.com');
	});
});

describe('the request URL built from the credential', () => {
	useNock();

	function call(credentials: ReturnType<typeof testCredentials>): Promise<unknown> {
		const context = executeContext({ parameters: {}, credentials }) as IExecuteFunctions;
		return auroraRequest.call(context, { method: 'GET', path: '' });
	}

	it('a Custom base URL with trailing slashes and a path prefix gives exactly one slash before /tenants', async () => {
		const scope = nock('https://gateway.example.com').get(`/aurora${TENANT_PATH}`).reply(200, { tenant: { id: TENANT } });

		await expect(call(testCredentials({ baseUrl: 'https://gateway.example.com/aurora//' }))).resolves.toEqual({ tenant: { id: TENANT } });
		expect(scope.isDone()).toBe(true);
	});

	it('the Tenant ID is trimmed and percent-encoded into the path', async () => {
		const scope = nock('http://aurora.test').get('/tenants/tenant%2F1').reply(200, {});

		await call(testCredentials({ tenantId: ' tenant/1 ' }));
		expect(scope.isDone()).toBe(true);
	});

	it('production sends the token from a production key to api.aurorasolar.com', async () => {
		const scope = nock('https://api.aurorasolar.com', { reqheaders: { authorization: 'Bearer sk_prod_abcdef' } })
			.get(TENANT_PATH)
			.reply(200, {});

		await call(testCredentials({ environment: 'production', apiToken: 'sk_prod_abcdef' }));
		expect(scope.isDone()).toBe(true);
	});

	it('the header carries the token trimmed of pasted whitespace', async () => {
		const scope = nock('http://aurora.test', { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.get(TENANT_PATH)
			.reply(200, {});

		await call(testCredentials({ apiToken: `  ${TOKEN}\n` }));
		expect(scope.isDone()).toBe(true);
	});
});
