/**
 * A real HTTP server on 127.0.0.1 that resets the connection for its first `resets` requests and
 * then answers. nock's simulated socket errors (`replyWithError`) race with @mswjs/interceptors'
 * mock socket and now and then crash the test run with an unhandled "socket hang up"; a server that
 * really drops the connection behaves like a proxy or load balancer that does, every time.
 *
 * With nock's net connect disabled, call `allowThrough()` (or use `useResetServer`) so that nock
 * lets requests to this one server pass.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';

export interface ResetServerOptions {
	/** How many requests get their connection destroyed before the server starts answering; Infinity for all. */
	resets: number;
	/** Answers the requests after the resets; by default a 404 with an empty body. */
	respond?: (request: http.IncomingMessage, response: http.ServerResponse) => void;
}

export interface ResetServer {
	/** `http://127.0.0.1:<port>`, for the credential's Base URL (Environment = Custom). */
	readonly baseUrl: string;
	readonly port: number;
	/** `METHOD /path?query` of every request received, reset or answered, in order. */
	readonly requests: string[];
	/** Lets this server through nock while net connect is otherwise disabled. */
	allowThrough(): void;
	close(): Promise<void>;
}

/** Answers every request with this status and JSON body. */
export function json(status: number, body: unknown): NonNullable<ResetServerOptions['respond']> {
	return (_request, response) => {
		response.writeHead(status, { 'Content-Type': 'application/json' });
		response.end(JSON.stringify(body));
	};
}

export async function startResetServer(options: ResetServerOptions): Promise<ResetServer> {
	const requests: string[] = [];
	const respond = options.respond ?? json(404, {});
	const server = http.createServer((request, response) => {
		requests.push(`${request.method ?? '?'} ${request.url ?? ''}`);
		if (requests.length <= options.resets) {
			// No response at all: the client sees the connection drop (ECONNRESET / "socket hang up").
			request.socket.destroy();
			return;
		}
		// Read the body (if any) before answering, as a real server would.
		request.resume();
		request.on('end', () => respond(request, response));
	});
	server.keepAliveTimeout = 1;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		requests,
		allowThrough() {
			nock.enableNetConnect(`127.0.0.1:${port}`);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * For a describe block whose tests use nock with net connect disabled: `start()` launches a server
 * and lets it through nock; after each test it is closed and net connect is disabled again.
 */
export function useResetServer(): { start(options: ResetServerOptions): Promise<ResetServer> } {
	const started: ResetServer[] = [];
	afterEach(async () => {
		nock.disableNetConnect();
		await Promise.all(started.splice(0).map((server) => server.close()));
	});
	return {
		async start(options) {
			const server = await startResetServer(options);
			started.push(server);
			server.allowThrough();
			return server;
		},
	};
}
