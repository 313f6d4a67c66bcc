import type { AuroraEvent } from '../events';
import { attributeName } from '../events';
import { SECRET_QUERY_PARAMETER } from './secret';

export const EVENT_QUERY_PARAMETER = 'aurora_event';

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
 * Whether a remote url_template is the one we created for this event and secret. Compared by
 * meaning, not by text, in case Aurora re-encodes or reorders the query when it stores the template.
 */
export function matchesTemplate(urlTemplate: unknown, webhookUrl: string, event: string, secret: string): boolean {
	if (!pointsAt(urlTemplate, webhookUrl)) return false;
	const remote = parse(String(urlTemplate));
	if (!remote) return false;
	return (
		remote.searchParams.get(EVENT_QUERY_PARAMETER) === event &&
		remote.searchParams.get(SECRET_QUERY_PARAMETER) === secret
	);
}
