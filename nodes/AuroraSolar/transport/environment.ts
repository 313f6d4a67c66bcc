/**
 * Where each Aurora environment lives, and how API key prefixes map onto environments.
 * Aurora keys are `sk_` (standard) or `rk_` (restricted), then `sand_` or `prod_`; a sandbox key
 * only works against the sandbox host and a production key only against production.
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
	if (environment === 'custom') {
		const trimmed = (customBaseUrl ?? '').trim().replace(/\/+$/, '');
		return trimmed;
	}
	return environment === 'sandbox' ? AURORA_BASE_URLS.sandbox : AURORA_BASE_URLS.production;
}
