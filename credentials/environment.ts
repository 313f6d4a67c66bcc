import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The one place that knows Aurora's environments: where each one lives, how API key prefixes map
 * onto them, and what a usable credential is. The credential and both nodes import it.
 * Aurora keys are `sk_` (standard) or `rk_` (restricted), then `sand_` or `prod_`; a sandbox key
 * only works against the sandbox host and a production key only against production. A Custom
 * environment (a proxy, a local fake Aurora) has its own base URL and accepts any key.
 */
export type AuroraEnvironment = 'production' | 'sandbox' | 'custom';

export const AURORA_BASE_URLS: Record<Exclude<AuroraEnvironment, 'custom'>, string> = {
	production: 'https://api.aurorasolar.com',
	sandbox: 'https://api-sandbox.aurorasolar.com',
};

const KEY_PREFIX = /^(sk|rk)_(sand|prod)_/;

/** The environment a key was issued for, or undefined when the key has no recognised prefix. */
export function keyEnvironment(token: string): 'production' | 'sandbox' | undefined {
	const match = KEY_PREFIX.exec(token.trim());
	if (!match) return undefined;
	return match[2] === 'sand' ? 'sandbox' : 'production';
}

/**
 * A sentence telling the user that their key and their chosen environment disagree, or undefined.
 * Custom base URLs (proxies, local fakes) accept any key, so they are never a mismatch.
 */
export function keyEnvironmentMismatch(token: string, environment: string): string | undefined {
	if (environment !== 'production' && environment !== 'sandbox') return undefined;
	const issuedFor = keyEnvironment(token);
	if (!issuedFor || issuedFor === environment) return undefined;
	const prefix = KEY_PREFIX.exec(token.trim())?.[0] ?? '';
	const label = (env: string) => (env === 'sandbox' ? 'Sandbox' : 'Production');
	return (
		`The API token is a ${issuedFor} key (it starts with "${prefix}") but the credential's Environment is ` +
		`${label(environment)}. Set Environment to ${label(issuedFor)}, or use a ${environment} key ` +
		`(${environment === 'sandbox' ? 'sk_sand_… or rk_sand_…' : 'sk_prod_… or rk_prod_…'}).`
	);
}

export function resolveBaseUrl(environment: string, customBaseUrl: string | undefined): string {
	if (environment === 'custom') return (customBaseUrl ?? '').trim().replace(/\/+$/, '');
	return environment === 'sandbox' ? AURORA_BASE_URLS.sandbox : AURORA_BASE_URLS.production;
}

/**
 * resolveBaseUrl as the n8n expression the credential test evaluates (an expression cannot call
 * this module, so the same choice is written out once more, next to the function it mirrors).
 */
export const BASE_URL_EXPRESSION =
	`={{ $credentials.environment === 'custom' ? String($credentials.baseUrl || '').trim().replace(/\\/+$/, '') : ` +
	`$credentials.environment === 'sandbox' ? '${AURORA_BASE_URLS.sandbox}' : '${AURORA_BASE_URLS.production}' }}`;

/** What every request needs from the credential, read and checked once. */
export interface AuroraConnection {
	/** As chosen in the credential: production, sandbox or custom. */
	environment: string;
	/** Without a trailing slash and without `/tenants`. */
	baseUrl: string;
	tenantId: string;
	token: string;
}

/** Why a credential cannot be used, in words for n8n's error panel. */
export interface CredentialProblem {
	problem: string;
	description?: string;
}

/** Reads the credential's fields and checks them together: the key against the environment, the tenant id, the base URL. */
export function readConnection(credentials: ICredentialDataDecryptedObject): AuroraConnection | CredentialProblem {
	const environment = String(credentials.environment ?? 'production');
	const token = String(credentials.apiToken ?? '').trim();
	const tenantId = String(credentials.tenantId ?? '').trim();
	const mismatch = keyEnvironmentMismatch(token, environment);
	if (mismatch) return { problem: mismatch };
	if (!tenantId) {
		return {
			problem: 'The Aurora Solar API credential has no Tenant ID',
			description: "Copy the tenant id from Aurora's Settings → API Settings page into the credential.",
		};
	}
	const baseUrl = resolveBaseUrl(environment, credentials.baseUrl as string | undefined);
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		return {
			problem: 'The Aurora Solar API credential has no valid Base URL',
			description: 'With Environment set to Custom, Base URL must be an http(s) URL such as https://aurora-proxy.example.com.',
		};
	}
	return { environment, baseUrl, tenantId, token };
}
