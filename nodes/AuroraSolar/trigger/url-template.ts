import type { AuroraEvent } from '../events';
import { attributeName } from '../events';
import { SECRET_QUERY_PARAMETER } from '../delivery-secret';

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
 * Whether a remote url_template is the one we would create for this event and secret: same
 * target, same event, same secret, and every token the event needs. Compared by meaning, not by
 * text, in case Aurora re-encodes or reorders the query when it stores the template.
 */
export function matchesTemplate(urlTemplate: unknown, webhookUrl: string, definition: AuroraEvent, secret: string): boolean {
	if (!pointsAt(urlTemplate, webhookUrl)) return false;
	const remote = parse(String(urlTemplate));
	const expected = parse(buildUrlTemplate(webhookUrl, definition, secret));
	if (!remote || !expected) return false;
	for (const [name, value] of expected.searchParams) {
		if (remote.searchParams.getAll(name).length !== 1 || remote.searchParams.get(name) !== value) return false;
	}
	return true;
}
