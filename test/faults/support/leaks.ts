/**
 * Looks for secrets (the API token, every delivery secret) in text that n8n produced: its logs,
 * execution data, error messages and HTTP answers. Reports where each one was found, never the
 * secret itself.
 */
export interface Leak {
	secret: string;
	where: string;
	/** A little context around the hit, with the secret masked. */
	context: string;
}

export function findLeaks(haystacks: Record<string, string>, secrets: Record<string, string>): Leak[] {
	const leaks: Leak[] = [];
	for (const [where, text] of Object.entries(haystacks)) {
		for (const [name, secret] of Object.entries(secrets)) {
			if (!secret || secret.length < 8) continue;
			// The secret as sent, and URL-encoded (it may travel inside a logged URL).
			for (const form of new Set([secret, encodeURIComponent(secret)])) {
				const at = text.indexOf(form);
				if (at < 0) continue;
				const context = text.slice(Math.max(0, at - 80), at + form.length + 80).split(form).join('<SECRET>');
				leaks.push({ secret: name, where, context: context.replace(/\s+/g, ' ') });
			}
		}
	}
	return leaks;
}
