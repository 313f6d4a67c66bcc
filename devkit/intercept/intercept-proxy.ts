/**
 * A loopback HTTP proxy that lets a fake API stand in for a real HTTPS host, for a real, unmodified
 * n8n. n8n sends every node's HTTPS request through `HTTPS_PROXY` (n8n 2.41.1: `@n8n/backend-network`
 * `proxy/proxy-resolution.js`; n8n 1.123.81: `n8n-core` `http-proxy.js`, both `proxy-from-env`), so a
 * `CONNECT host:443` for one of `hosts` is answered here: the TLS session ends in this process, with a
 * server certificate from a throw-away CA that n8n trusts through `NODE_EXTRA_CA_CERTS`, and every
 * decrypted request goes to `handler(host, req, res)`. Any other host or port is refused (502), so
 * nothing leaves the machine; plain-HTTP proxying is refused too. `NO_PROXY` keeps loopback (the fake
 * Aurora, n8n's own API) direct.
 *
 *   const proxy = await startInterceptProxy({ hosts: ['slack.com'], handler: (host, req, res) => ... });
 *   // n8n env: proxy.env
 *   await proxy.close();
 */
import { rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import { makeInterceptCertificates } from './certificates';

/** Answers one decrypted request for `host` (without port). May be async; a throw becomes a 500. */
export type InterceptHandler = (host: string, req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface InterceptProxyOptions {
	/** Host names (port 443) whose TLS this proxy terminates. */
	hosts: string[];
	handler: InterceptHandler;
}

export interface InterceptProxy {
	/** `http://127.0.0.1:<port>`: n8n's HTTPS_PROXY. */
	proxyUrl: string;
	/**
	 * Environment for n8n: HTTPS_PROXY (both spellings, proxy-from-env reads either), NO_PROXY for
	 * loopback and NODE_EXTRA_CA_CERTS. No HTTP_PROXY: this proxy refuses plain HTTP, and every faked
	 * host is an https:// one.
	 */
	env: Record<string, string>;
	/** PEM file of the CA (also `env.NODE_EXTRA_CA_CERTS`), for a test client to trust. */
	caFile: string;
	/** `host:port` of every CONNECT that was refused. */
	refusedHosts: string[];
	close(): Promise<void>;
}

function answerFailure(res: http.ServerResponse, error: unknown): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	const text = `intercept handler failed: ${error instanceof Error ? error.message : String(error)}`;
	res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

export async function startInterceptProxy(options: InterceptProxyOptions): Promise<InterceptProxy> {
	const hosts = new Set(options.hosts);
	const certificates = makeInterceptCertificates(options.hosts);
	const refusedHosts: string[] = [];
	// Tunnels are kept alive by n8n's agents; close() destroys them so the servers can close at once.
	const sockets = new Set<Socket>();

	const api = https.createServer({ cert: certificates.cert, key: certificates.key }, (req, res) => {
		const host = (req.headers.host ?? '').replace(/:\d+$/, '');
		Promise.resolve()
			.then(() => options.handler(host, req, res))
			.catch((error: unknown) => answerFailure(res, error));
	});

	const proxy = http.createServer((_req, res) => {
		res.writeHead(502);
		res.end('plain HTTP is not proxied by the fake');
	});
	proxy.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		const [host, port] = (req.url ?? '').split(':');
		if (!hosts.has(host) || (port ?? '443') !== '443') {
			refusedHosts.push(req.url ?? '');
			socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		api.emit('connection', socket);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

	return {
		proxyUrl,
		env: { HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', NODE_EXTRA_CA_CERTS: certificates.caFile },
		caFile: certificates.caFile,
		refusedHosts,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
			api.close();
			rmSync(certificates.dir, { recursive: true, force: true });
		},
	};
}
