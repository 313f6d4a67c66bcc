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
