/**
 * Shortens every HTTP attempt's timeout for the tests in this block, the way a slower clock would: the
 * tests' stand-in for n8n's HTTP helper (n8n-http.ts) caps the timeout it is given, so that a reply nock
 * delays by a second or more counts as a timeout without the test waiting the real 2 to 30 s.
 */
import { attemptTimeoutCap } from './n8n-http';

export function useShortAttemptTimeout(timeoutMs = 250): void {
	beforeEach(() => {
		attemptTimeoutCap.ms = timeoutMs;
	});
	afterEach(() => {
		attemptTimeoutCap.ms = undefined;
	});
}
