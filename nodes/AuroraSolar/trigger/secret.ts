import { createHash, randomBytes, timingSafeEqual } from 'crypto';

export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

function sha256(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}

/**
 * Whether any provided value is one of the expected secrets, or hashes to one of the retired
 * hashes (hex SHA-256). Every comparison runs in constant time on equal-length digests, and all of
 * them run whatever matched, so neither the content nor the number of secrets leaks through timing.
 */
export function matchesAnySecret(provided: string[], expected: string[], retiredHashes: string[] = []): boolean {
	const candidates = [
		...expected.filter((secret) => secret !== '').map(sha256),
		...retiredHashes.map((hash) => Buffer.from(hash, 'hex')).filter((digest) => digest.length === 32),
	];
	let matched = false;
	for (const value of provided) {
		if (value === '') continue;
		const digest = sha256(value);
		for (const candidate of candidates) if (timingSafeEqual(digest, candidate)) matched = true;
	}
	return matched;
}
