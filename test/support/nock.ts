/**
 * nock for the unit tests, set up in one place: no request leaves the process, every interceptor is
 * removed after each test, and a test can ask for more:
 *
 *   const mock = useNock({ failOnUnmatched: true });   // at the top of a file or describe block
 *   const scope = mock.expectDone(nock(AURORA).get('/x').reply(200));   // must be used by the test's end
 *   mock.allowLocal(port);                             // this test talks to a real server on 127.0.0.1
 *
 * `failOnUnmatched` collects the requests nock could not match (with net connect disabled they would
 * otherwise surface only as retried "network errors") and fails the test if there were any.
 * Checks run after the test and before the interceptors are removed; the removal happens even when a
 * check fails, so one failing test does not leave interceptors for the next.
 */
import nock from 'nock';

export interface NockOptions {
	/** Fail the test when nock saw a request that no interceptor matched. */
	failOnUnmatched?: boolean;
}

export interface NockHandle {
	/** Requests nock could not match in the current test (`METHOD host/path`). */
	readonly unmatched: string[];
	/** Let the current test reach a real local server on this port (e.g. one that resets connections). */
	allowLocal(port: number): void;
	/** A scope whose interceptors must all have been used by the end of the current test. */
	expectDone<S extends nock.Scope>(scope: S): S;
}

interface NoMatchRequest {
	method?: string;
	path?: string;
	host?: string;
	port?: string | number;
	getHeader?: (name: string) => unknown;
}

export function useNock(options: NockOptions = {}): NockHandle {
	const unmatched: string[] = [];
	const allowedPorts = new Set<string>();
	const scopes: nock.Scope[] = [];
	const listener = (request: NoMatchRequest) => {
		const host = String(request.host ?? request.getHeader?.('host') ?? '');
		const port = String(request.port ?? host.split(':')[1] ?? '');
		if (/^(127\.0\.0\.1|localhost)/.test(host) && allowedPorts.has(port)) return;
		unmatched.push(`${request.method ?? '?'} ${host}${request.path ?? ''}`);
	};

	beforeAll(() => {
		nock.disableNetConnect();
		nock.emitter.on('no match', listener);
	});
	afterAll(() => {
		nock.emitter.removeListener('no match', listener);
		nock.enableNetConnect();
	});
	beforeEach(() => {
		unmatched.length = 0;
	});
	afterEach(() => {
		try {
			if (options.failOnUnmatched) expect(unmatched).toEqual([]);
			for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
		} finally {
			scopes.length = 0;
			nock.cleanAll();
			if (allowedPorts.size > 0) {
				allowedPorts.clear();
				nock.disableNetConnect();
			}
		}
	});

	return {
		unmatched,
		allowLocal(port: number) {
			allowedPorts.add(String(port));
			nock.enableNetConnect(`127.0.0.1:${port}`);
		},
		expectDone(scope) {
			scopes.push(scope);
			return scope;
		},
	};
}
