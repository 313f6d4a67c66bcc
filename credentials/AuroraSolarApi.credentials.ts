import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { AURORA_BASE_URLS, BASE_URL_EXPRESSION, keyEnvironmentMismatch } from './environment';

export class AuroraSolarApi implements ICredentialType {
	name = 'auroraSolarApi';

	displayName = 'Aurora Solar API';

	documentationUrl = 'https://docs.aurorasolar.com/reference/authentication';

	icon: Icon = { light: 'file:auroraSolar.svg', dark: 'file:auroraSolar.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: AURORA_BASE_URLS.production },
				{ name: 'Sandbox', value: 'sandbox', description: AURORA_BASE_URLS.sandbox },
				{ name: 'Custom', value: 'custom', description: 'A proxy or a local test server' },
			],
			default: 'production',
			description: 'Which Aurora API to talk to. Sandbox keys (sk_sand_…, rk_sand_…) only work with Sandbox, production keys only with Production.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://aurora-proxy.example.com',
			description: 'Base URL of the Aurora API, without /tenants',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An Aurora API key (sk_… or rk_…). An Aurora admin creates it under Settings → API Tokens.',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6',
			description: "Your Aurora tenant's ID, shown on the API Settings page next to the token",
		},
	];

	/**
	 * `Authorization: Bearer <token>`, as a function rather than a generic block for one reason: a key
	 * issued for the other environment must fail with a sentence that says so, in the nodes and in
	 * n8n's credential test alike, before the token is sent anywhere. n8n shows this error's message.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = String(credentials.apiToken ?? '').trim();
		const mismatch = keyEnvironmentMismatch(token, String(credentials.environment ?? 'production'));
		if (mismatch) throw new Error(mismatch);
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` } };
	}

	/** Retrieve Tenant: cheap, read-only, and it fails unless the token AND the tenant id are right. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: "={{ '/tenants/' + encodeURIComponent(String($credentials.tenantId || '').trim()) }}",
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Aurora rejected the API token (401). Check the token, and that it belongs to the chosen Environment: sandbox keys start with sk_sand_ or rk_sand_, production keys with sk_prod_ or rk_prod_.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The token works but may not read this tenant (403). Restricted keys (rk_…) need permission to retrieve the tenant; use the standard key or extend the key in Aurora under Settings → API Tokens.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Aurora does not know this Tenant ID for this token (404), or the token was issued for the other environment. Copy the tenant id from the API Settings page in Aurora, and check the Environment.',
				},
			},
		],
	};
}
