/**
 * A made-up host name in front of a real local HTTP server, whose DNS lookups follow a script, so a
 * test can make an attempt fail the way a real network fails before anything is sent:
 *
 * - 'ENOTFOUND' or 'EAI_AGAIN': the lookup itself fails with that code;
 * - 'refused': the name resolves, but the server is not listening at that moment (ECONNREFUSED);
 * - 'ok' (and every lookup after the script): the server listens and answers.
 *
 * Everything above the DNS lookup is n8n's real HTTP stack, as in production. nock's own simulated
 * errors (`replyWithError`) hang with n8n's request helper, so they cannot stand in for these.
 */
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

export type LookupStep = 'ENOTFOUND' | 'EAI_AGAIN' | 'refused' | 'ok';

export const FLAKY_HOSTNAME = 'aurora.flaky.test';

export interface FlakyHostOptions {
	/** What each DNS lookup does, in order; lookups past the end resolve to the listening server. */
	lookups: LookupStep[];
	/** Answers the requests that reach the server. */
	respond: (request: http.IncomingMessage, response: http.ServerResponse) => void;
}

export interface FlakyHost {
	/** `http://aurora.flaky.test:<port>`, for the credential's Base URL (Environment = Custom). */
	readonly baseUrl: string;
	/** `METHOD /path` of every request that reached the server, in order. */
	readonly requests: string[];
	/** The steps taken so far, one per lookup (one lookup per attempt). */
	readonly lookups: LookupStep[];
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address?: string | dns.LookupAddress[], family?: number) => void;

async function listen(server: http.Server, port: number): Promise<void> {
	if (server.listening) return;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
}

async function stop(server: http.Server): Promise<void> {
	if (!server.listening) return;
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Starts flaky hosts on demand; after each test the servers close, DNS is real again and nock blocks the network. */
export function useFlakyHost(): { start(options: FlakyHostOptions): Promise<FlakyHost> } {
	const servers: http.Server[] = [];
	const spies: jest.SpyInstance[] = [];
	afterEach(async () => {
		for (const spy of spies.splice(0)) spy.mockRestore();
		nock.disableNetConnect();
		await Promise.all(servers.splice(0).map(stop));
	});
	return {
		async start(options) {
			const requests: string[] = [];
			const taken: LookupStep[] = [];
			const script = [...options.lookups];
			const server = http.createServer((request, response) => {
				requests.push(`${request.method ?? '?'} ${request.url ?? ''}`);
				request.resume();
				request.on('end', () => options.respond(request, response));
			});
			// No keep-alive reuse: every attempt must look the name up again.
			server.keepAliveTimeout = 1;
			servers.push(server);
			await listen(server, 0);
			const { port } = server.address() as AddressInfo;

			const realLookup = dns.lookup.bind(dns) as (...args: unknown[]) => void;
			const spy = jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string, lookupOptions: unknown, callback?: LookupCallback) => {
				if (hostname !== FLAKY_HOSTNAME) {
					realLookup(hostname, lookupOptions, callback);
					return;
				}
				const done = (typeof lookupOptions === 'function' ? lookupOptions : callback) as LookupCallback;
				const all = typeof lookupOptions === 'object' && lookupOptions !== null && (lookupOptions as { all?: boolean }).all === true;
				const step = script.shift() ?? 'ok';
				taken.push(step);
				const answer = () => (all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4));
				if (step === 'ENOTFOUND' || step === 'EAI_AGAIN') {
					const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ${step} ${hostname}`), {
						code: step,
						syscall: 'getaddrinfo',
					});
					process.nextTick(() => done(error));
					return;
				}
				void (step === 'refused' ? stop(server) : listen(server, port)).then(answer, (error: Error) => done(error));
			}) as never);
			spies.push(spy);
			nock.enableNetConnect((host: string) => host === `${FLAKY_HOSTNAME}:${port}`);

			return { baseUrl: `http://${FLAKY_HOSTNAME}:${port}`, requests, lookups: taken };
		},
	};
}
