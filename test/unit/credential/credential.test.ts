import { readFileSync } from 'fs';
import path from 'path';

import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { AuroraSolarApi } from '../../../credentials/AuroraSolarApi.credentials';
import { keyEnvironmentMismatch, resolveBaseUrl } from '../../../credentials/environment';
import { testNode } from '../../support/contexts';
import { makeHttpRequestWithAuthentication } from '../../support/n8n-http';

const credential = new AuroraSolarApi();
const TENANT = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Evaluates an n8n expression of the form `={{ … }}` the way n8n would for these plain JS expressions. */
function evaluateExpression(expression: string, credentials: IDataObject): unknown {
	expect(expression.startsWith('={{')).toBe(true);
	expect(expression.trimEnd().endsWith('}}')).toBe(true);
	const body = expression.replace(/^=\{\{/, '').replace(/\}\}\s*$/, '');
	return new Function('$credentials', `return (${body})`)(credentials);
}

function testRequest(credentials: IDataObject): { baseURL: string; url: string } {
	const request = credential.test.request as IHttpRequestOptions;
	return {
		baseURL: String(evaluateExpression(String(request.baseURL), credentials)),
		url: String(evaluateExpression(String(request.url), credentials)),
	};
}

function property(name: string): INodeProperties {
	const found = credential.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`No property ${name}`);
	return found;
}

const SANDBOX_KEY = 'sk_sand_Q7vN2mX9pL4tR8wK';
const PRODUCTION_KEY = 'rk_prod_LXknKczQYkniVtMpRYs8';

async function authenticate(credentials: IDataObject, options: IHttpRequestOptions = { url: '/x' }): Promise<IHttpRequestOptions> {
	return await credential.authenticate(credentials as ICredentialDataDecryptedObject, options);
}

/** The error authenticate rejected with; fails the test if it resolved. */
async function authenticateFailure(credentials: IDataObject, options: IHttpRequestOptions = { url: '/x' }): Promise<Error> {
	try {
		await authenticate(credentials, options);
	} catch (error) {
		return error as Error;
	}
	throw new Error('Expected authenticate to reject, but it resolved');
}

describe('authenticate', () => {
	it('is a function (not a generic block), so it can refuse a key issued for the other environment', () => {
		expect(typeof credential.authenticate).toBe('function');
	});

	it.each([
		['production', 'sk_prod_abc123'],
		['production', 'rk_prod_abc123'],
		['sandbox', 'sk_sand_abc123'],
		['sandbox', 'rk_sand_abc123'],
		['production', 'legacy-key-without-prefix'],
		['sandbox', 'legacy-key-without-prefix'],
		['custom', 'sk_sand_abc123'],
		['custom', 'sk_prod_abc123'],
		['custom', 'anything'],
	])('%s with %s: Authorization: Bearer <token>', async (environment, apiToken) => {
		const result = await authenticate({ environment, apiToken, tenantId: TENANT, baseUrl: 'http://proxy.test' });
		expect(result.headers).toEqual({ Authorization: `Bearer ${apiToken}` });
	});

	it('sends the token trimmed when it was pasted with whitespace', async () => {
		const result = await authenticate({ environment: 'production', apiToken: '  sk_prod_LXknKczQYkniVtMpRYs8wJgk\n', tenantId: TENANT });
		expect(result.headers).toEqual({ Authorization: 'Bearer sk_prod_LXknKczQYkniVtMpRYs8wJgk' });
	});

	it('treats a credential without an Environment as Production', async () => {
		expect((await authenticate({ apiToken: 'sk_prod_abc123' })).headers).toEqual({ Authorization: 'Bearer sk_prod_abc123' });
		const error = await authenticateFailure({ apiToken: SANDBOX_KEY });
		expect(error.message).toBe(keyEnvironmentMismatch(SANDBOX_KEY, 'production'));
	});

	it('keeps the other headers and request options as they were', async () => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://api-sandbox.aurorasolar.com/tenants/t/leads',
			qs: { page: 2 },
			body: { lead: { address: '1 Main St' } },
			json: true,
			timeout: 1234,
			headers: { Accept: 'application/json', 'X-Request-Id': 'abc' },
		};

		const result = await authenticate({ environment: 'sandbox', apiToken: 'sk_sand_abc123' }, options);

		expect(result).toEqual({ ...options, headers: { Accept: 'application/json', 'X-Request-Id': 'abc', Authorization: 'Bearer sk_sand_abc123' } });
	});

	it('replaces an Authorization header that was already there', async () => {
		const result = await authenticate({ environment: 'sandbox', apiToken: 'sk_sand_abc123' }, { url: '/x', headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
		expect(result.headers).toEqual({ Authorization: 'Bearer sk_sand_abc123' });
	});

	it('does not mutate the request options it was given', async () => {
		const options: IHttpRequestOptions = { method: 'GET', url: '/x', headers: { Accept: 'application/json' } };
		const before = structuredClone(options);

		const result = await authenticate({ environment: 'sandbox', apiToken: 'sk_sand_abc123' }, options);

		expect(options).toEqual(before);
		expect(result).not.toBe(options);
		expect(result.headers).not.toBe(options.headers);
	});

	it('does not mutate options without headers either', async () => {
		const options: IHttpRequestOptions = { method: 'GET', url: '/x' };

		const result = await authenticate({ environment: 'production', apiToken: 'sk_prod_abc123' }, options);

		expect(options).toEqual({ method: 'GET', url: '/x' });
		expect(result).toEqual({ method: 'GET', url: '/x', headers: { Authorization: 'Bearer sk_prod_abc123' } });
	});

	describe('a key issued for the other environment', () => {
		it('a sandbox key with Environment = Production rejects with the exact sentence', async () => {
			const error = await authenticateFailure({ environment: 'production', apiToken: SANDBOX_KEY, tenantId: TENANT });

			expect(error).toBeInstanceOf(Error);
			expect(error.message).toBe(
				'The API token is a sandbox key (it starts with "sk_sand_") but the credential\'s Environment is Production. ' +
					'Set Environment to Sandbox, or use a production key (sk_prod_… or rk_prod_…).',
			);
			expect(error.message).toBe(keyEnvironmentMismatch(SANDBOX_KEY, 'production'));
		});

		it('a production key with Environment = Sandbox rejects with the exact sentence', async () => {
			const error = await authenticateFailure({ environment: 'sandbox', apiToken: PRODUCTION_KEY, tenantId: TENANT });

			expect(error).toBeInstanceOf(Error);
			expect(error.message).toBe(
				'The API token is a production key (it starts with "rk_prod_") but the credential\'s Environment is Sandbox. ' +
					'Set Environment to Production, or use a sandbox key (sk_sand_… or rk_sand_…).',
			);
			expect(error.message).toBe(keyEnvironmentMismatch(PRODUCTION_KEY, 'sandbox'));
		});

		it.each([
			['production', SANDBOX_KEY],
			['production', 'rk_sand_Q7vN2mX9pL4tR8wK'],
			['production', `  ${SANDBOX_KEY}\n`],
			['sandbox', PRODUCTION_KEY],
			['sandbox', 'sk_prod_LXknKczQYkniVtMpRYs8'],
			['sandbox', `\t${PRODUCTION_KEY} `],
		])('%s with %p: the sentence names the prefix but never the token', async (environment, apiToken) => {
			const options: IHttpRequestOptions = { url: '/x', headers: { Accept: 'application/json' } };
			const before = structuredClone(options);

			const error = await authenticateFailure({ environment, apiToken, tenantId: TENANT }, options);

			expect(error.message).toBe(keyEnvironmentMismatch(apiToken, environment));
			expect(error.message).toContain(`"${apiToken.trim().slice(0, 8)}"`);
			expect(error.message).not.toContain(apiToken.trim());
			expect(error.message).not.toContain(apiToken.trim().slice(8));
			expect(options).toEqual(before);
		});

		it('through n8n’s request path, becomes the error n8n shows, and nothing is sent', async () => {
			nock.disableNetConnect();
			const scope = nock('https://api.aurorasolar.com').get(/.*/).reply(200, {});
			try {
				const credentials: ICredentialDataDecryptedObject = { environment: 'production', apiToken: SANDBOX_KEY, tenantId: TENANT };
				const request = makeHttpRequestWithAuthentication(testNode('n8n-nodes-aurora-solar.auroraSolar'), credentials);
				const { baseURL, url } = testRequest(credentials);

				const error = (await request('auroraSolarApi', { method: 'GET', url: `${baseURL}${url}` }).catch((caught: unknown) => caught)) as Error;

				expect(error).toBeInstanceOf(NodeApiError);
				expect(error.message).toBe(keyEnvironmentMismatch(SANDBOX_KEY, 'production'));
				expect(JSON.stringify(error)).not.toContain(SANDBOX_KEY);
				expect(scope.isDone()).toBe(false);
			} finally {
				nock.cleanAll();
				nock.enableNetConnect();
			}
		});
	});
});

describe('test request (Retrieve Tenant)', () => {
	it('is a GET with Accept: application/json', () => {
		const request = credential.test.request as IHttpRequestOptions;
		expect(request.method).toBe('GET');
		expect(request.headers).toEqual({ Accept: 'application/json' });
	});

	it('goes to /tenants/{tenant id}, trimmed and percent-encoded', () => {
		expect(testRequest({ environment: 'production', apiToken: 'sk_prod_x', tenantId: ` ${TENANT} ` }).url).toBe(`/tenants/${TENANT}`);
		expect(testRequest({ environment: 'production', apiToken: 'sk_prod_x', tenantId: 'a/b?c' }).url).toBe('/tenants/a%2Fb%3Fc');
		expect(testRequest({ environment: 'production', apiToken: 'sk_prod_x' }).url).toBe('/tenants/');
	});

	it.each([
		['production', 'sk_prod_abc', 'https://api.aurorasolar.com'],
		['production', 'rk_prod_abc', 'https://api.aurorasolar.com'],
		['sandbox', 'sk_sand_abc', 'https://api-sandbox.aurorasolar.com'],
		['sandbox', 'rk_sand_abc', 'https://api-sandbox.aurorasolar.com'],
		['production', 'legacy-key', 'https://api.aurorasolar.com'],
	])('%s with %s tests against %s', (environment, apiToken, expected) => {
		expect(testRequest({ environment, apiToken, tenantId: TENANT }).baseURL).toBe(expected);
	});

	it.each([
		['http://localhost:4010', 'http://localhost:4010'],
		['https://aurora-proxy.example.com/', 'https://aurora-proxy.example.com'],
		['  https://gateway.example.com/aurora///  ', 'https://gateway.example.com/aurora'],
	])('Custom %p tests against %p, with any key', (baseUrl, expected) => {
		expect(testRequest({ environment: 'custom', baseUrl, apiToken: 'sk_prod_abc', tenantId: TENANT }).baseURL).toBe(expected);
		expect(testRequest({ environment: 'custom', baseUrl, apiToken: 'sk_sand_abc', tenantId: TENANT }).baseURL).toBe(expected);
	});

	it('the base URL depends on the environment only, not on the key (a mismatch is authenticate’s job)', () => {
		expect(testRequest({ environment: 'production', apiToken: SANDBOX_KEY, tenantId: TENANT }).baseURL).toBe('https://api.aurorasolar.com');
		expect(testRequest({ environment: 'sandbox', apiToken: PRODUCTION_KEY, tenantId: TENANT }).baseURL).toBe('https://api-sandbox.aurorasolar.com');
	});

	it('no longer points anywhere near an .invalid host', () => {
		const request = credential.test.request as IHttpRequestOptions;
		expect(String(request.baseURL)).not.toContain('.invalid');
		expect(String(request.baseURL)).not.toContain('apiToken');
	});

	it('a missing token or base URL does not break the expression', () => {
		expect(testRequest({ environment: 'sandbox', tenantId: TENANT }).baseURL).toBe('https://api-sandbox.aurorasolar.com');
		expect(testRequest({ environment: 'custom', tenantId: TENANT }).baseURL).toBe('');
	});

	it('agrees with the nodes’ resolveBaseUrl for every environment, key and base URL', () => {
		for (const environment of ['production', 'sandbox', 'custom']) {
			for (const baseUrl of [undefined, '', 'http://proxy.test', 'http://proxy.test/', '  https://gw.example.com/aurora// ']) {
				for (const apiToken of ['sk_sand_a1', 'rk_sand_a1', 'sk_prod_a1', 'rk_prod_a1', ' sk_sand_a1 ', 'other', undefined]) {
					const credentials: IDataObject = { environment, apiToken, baseUrl, tenantId: TENANT };
					expect({ environment, baseUrl, apiToken, baseURL: testRequest(credentials).baseURL }).toEqual({
						environment,
						baseUrl,
						apiToken,
						baseURL: resolveBaseUrl(environment, baseUrl),
					});
				}
			}
		}
	});

	it('has helpful messages for 401, 403 and 404', () => {
		const rules = (credential.test.rules ?? []).map((rule) => rule as { type: string; properties: { value: number; message: string } });
		expect(rules.every((rule) => rule.type === 'responseCode')).toBe(true);
		const byCode = Object.fromEntries(rules.map((rule) => [rule.properties.value, rule.properties.message]));
		expect(Object.keys(byCode).sort()).toEqual(['401', '403', '404']);
		expect(byCode[401]).toContain('Aurora rejected the API token (401)');
		expect(byCode[401]).toContain('sandbox keys start with sk_sand_ or rk_sand_, production keys with sk_prod_ or rk_prod_');
		expect(byCode[403]).toContain('(403)');
		expect(byCode[403]).toContain('Restricted keys (rk_…)');
		expect(byCode[404]).toContain('Tenant ID');
		expect(byCode[404]).toContain('Environment');
	});
});

describe('fields', () => {
	it('is named auroraSolarApi, which the nodes ask for', () => {
		expect(credential.name).toBe('auroraSolarApi');
		expect(credential.displayName).toBe('Aurora Solar API');
		expect(credential.documentationUrl).toMatch(/^https:\/\/docs\.aurorasolar\.com\//);
	});

	it('the API token is a required password field', () => {
		const token = property('apiToken');
		expect(token.type).toBe('string');
		expect(token.typeOptions?.password).toBe(true);
		expect(token.required).toBe(true);
	});

	it('Environment offers Production (default), Sandbox and Custom', () => {
		const environment = property('environment');
		expect(environment.type).toBe('options');
		expect(environment.default).toBe('production');
		expect((environment.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['production', 'sandbox', 'custom']);
	});

	it('Base URL is required and shown only for Custom', () => {
		const baseUrl = property('baseUrl');
		expect(baseUrl.required).toBe(true);
		expect(baseUrl.displayOptions).toEqual({ show: { environment: ['custom'] } });
		const others = credential.properties.filter((candidate) => candidate.name !== 'baseUrl');
		expect(others.every((candidate) => candidate.displayOptions === undefined)).toBe(true);
	});

	it('Tenant ID is required', () => {
		expect(property('tenantId').required).toBe(true);
	});

	it('has distinct light and dark icons, both present next to the credential', () => {
		const icon = credential.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		const dir = path.join(__dirname, '../../../credentials');
		const light = readFileSync(path.join(dir, icon.light.replace(/^file:/, '')), 'utf8');
		const dark = readFileSync(path.join(dir, icon.dark.replace(/^file:/, '')), 'utf8');
		expect(light).toContain('<svg');
		expect(dark).toContain('<svg');
		expect(light).not.toBe(dark);
	});
});
