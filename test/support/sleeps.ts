/**
 * n8n's `sleep`, as the unit tests replace it (test/support/unit-setup.ts): every wait the package
 * asks for is recorded, and sat out for a few milliseconds at most. Back-off and Retry-After waits, and
 * the trigger's first-check delay, are asserted on as requested instead of being waited for.
 */
const requested: number[] = [];

/** Longest real wait per call: long enough to let other work interleave, short enough to keep tests fast. */
const LONGEST_REAL_WAIT_MS = 5;

export async function fakeSleep(ms: number): Promise<void> {
	requested.push(ms);
	await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, LONGEST_REAL_WAIT_MS))));
}

/** Forgets earlier waits; returns the live list of waits requested from now on. */
export function recordSleeps(): number[] {
	requested.length = 0;
	return requested;
}
