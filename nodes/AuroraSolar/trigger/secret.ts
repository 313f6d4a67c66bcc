import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** The header Aurora sends on every delivery (`header_auth_key`), carrying the subscription's secret. */
export const SECRET_HEADER = 'X-Aurora-Webhook-Secret';
/** The same secret inside the URL, for deliveries that arrive without the header. */
export const SECRET_QUERY_PARAMETER = 'aurora_secret';

export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

/**
 * Constant-time comparison. Hashing first makes both sides the same length, so neither the
 * content nor the length of the expected secret leaks through timing.
 */
export function secretsEqual(provided: string, expected: string): boolean {
	if (!provided || !expected) return false;
	const a = createHash('sha256').update(provided).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}
