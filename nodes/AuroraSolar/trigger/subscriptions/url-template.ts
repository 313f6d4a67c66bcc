import type { AuroraEvent } from '../../events';
import { EVENT_QUERY_PARAMETER, attributeName } from '../../events';
import { SECRET_QUERY_PARAMETER } from '../../delivery-secret';
import { matchesAnyHash } from '../node/secrets';

/** The URL Aurora delivers to: the subscription's url_template, how to recognise ours, and whether Aurora can reach it. */

/**
 * This node's webhook URL plus: the static event name, one parameter per Aurora token
 * (`lead_id=<LEAD_ID>`), and the subscription's secret. Aurora fills the tokens in at delivery.
 */
export function buildUrlTemplate(webhookUrl: string, definition: AuroraEvent, secret: string): string {
	const parts = [
		`${EVENT_QUERY_PARAMETER}=${encodeURIComponent(definition.event)}`,
		...definition.tokens.map((token) => `${attributeName(token)}=<${token}>`),
		`${SECRET_QUERY_PARAMETER}=${encodeURIComponent(secret)}`,
	];
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

function parse(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** Same scheme, host, port and path: the subscription delivers to this very node. */
export function pointsAt(urlTemplate: unknown, webhookUrl: string): boolean {
	if (typeof urlTemplate !== 'string') return false;
	const remote = parse(urlTemplate);
	const local = parse(webhookUrl);
	if (!remote || !local) return false;
	return remote.origin === local.origin && remote.pathname.replace(/\/+$/, '') === local.pathname.replace(/\/+$/, '');
}

/**
 * Whether a remote url_template is the one we would create for this event and secret (known by its
 * hash): same target, same event, the secret, and every token the event needs. Compared by meaning,
 * not by text, in case Aurora re-encodes or reorders the query when it stores the template.
 */
export function matchesTemplate(urlTemplate: unknown, webhookUrl: string, definition: AuroraEvent, secretHash: string): boolean {
	if (!pointsAt(urlTemplate, webhookUrl)) return false;
	const remote = parse(String(urlTemplate));
	const expected = parse(buildUrlTemplate(webhookUrl, definition, ''));
	if (!remote || !expected) return false;
	for (const [name, value] of expected.searchParams) {
		const values = remote.searchParams.getAll(name);
		if (values.length !== 1) return false;
		if (name === SECRET_QUERY_PARAMETER ? !matchesAnyHash(values, [secretHash]) : values[0] !== value) return false;
	}
	return true;
}

/**
 * Aurora delivers from the internet, so a subscription to a local or plain-HTTP address can never
 * fire. Returns why the URL cannot work, or undefined. Custom environments (a proxy, a local fake
 * Aurora) are exempt: there the caller knows what can reach what.
 */
export function unreachableReason(webhookUrl: string, environment: string): string | undefined {
	if (environment === 'custom') return undefined;
	let url: URL;
	try {
		url = new URL(webhookUrl);
	} catch {
		return `"${webhookUrl}" is not a valid URL`;
	}
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const local =
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host.endsWith('.local') ||
		host === '::1' ||
		host === '0.0.0.0' ||
		/^127\./.test(host) ||
		/^10\./.test(host) ||
		/^192\.168\./.test(host) ||
		/^172\.(1[6-9]|2\d|3[01])\./.test(host) ||
		/^(fc|fd)[0-9a-f]{2}:/.test(host);
	if (local) return `n8n's webhook URL ${url.origin} is a local address that Aurora cannot reach`;
	if (url.protocol !== 'https:') return `n8n's webhook URL ${url.origin} is not HTTPS, and Aurora delivers only to HTTPS URLs`;
	return undefined;
}
