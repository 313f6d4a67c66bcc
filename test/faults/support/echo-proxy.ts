/**
 * A misbehaving proxy in front of "Aurora": it answers every request (but the webhook list) with an
 * error whose body repeats the request line, every request header (Authorization included) and the
 * request body.
 * The worst case for secrets ending up in error messages.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';

/** One request the proxy received and what it answered: the raw material a secret could leak from. */
export interface EchoExchange {
	method: string;
	url: string;
	status: number;
	/** The `x-echo-authorization` header and the body it answered with. */
	answer: string;
}

export interface EchoProxy {
	url: string;
	/** Requests it answered with an echo (every request but the webhook list). */
	requests: number;
	/** Every request body it received (the trigger's POST /webhooks carries a fresh delivery secret). */
	bodies: string[];
	/** Every request, the webhook list included, with the answer it got. */
	exchanges: EchoExchange[];
	close(): Promise<void>;
}

const STATUSES = [500, 401, 403, 422, 400, 502, 409];

export async function startEchoProxy(): Promise<EchoProxy> {
	let count = 0;
	const bodies: string[] = [];
	const exchanges: EchoExchange[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			// The webhook list answers normally, so that a trigger activation goes on to POST /webhooks
			// (whose body carries a fresh delivery secret) and meets the echo there.
			if (req.method === 'GET' && /\/webhooks(\?|$)/.test(req.url ?? '')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"webhooks":[]}');
				exchanges.push({ method: req.method, url: req.url ?? '', status: 200, answer: '{"webhooks":[]}' });
				return;
			}
			// Creating a subscription meets a 422, whose message carries Aurora's text (with the echo in it).
			const creating = req.method === 'POST' && /\/webhooks(\?|$)/.test(req.url ?? '');
			const status = creating ? 422 : STATUSES[count % STATUSES.length];
			count++;
			bodies.push(Buffer.concat(chunks).toString('utf8'));
			// The body first: clients shorten long messages, and the body is where a new delivery secret travels.
			const echo = `proxy saw ${req.method} ${req.url} body=${Buffer.concat(chunks).toString('utf8')} authorization=${String(req.headers.authorization ?? '')} headers=${JSON.stringify(req.headers)}`;
			const authorization = String(req.headers.authorization ?? '');
			const answer = JSON.stringify({ error: echo, message: echo, errors: [echo] });
			res.writeHead(status, { 'content-type': 'application/json', 'x-echo-authorization': authorization });
			res.end(answer);
			exchanges.push({ method: req.method ?? '', url: req.url ?? '', status, answer: `x-echo-authorization: ${authorization}\n${answer}` });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		bodies,
		exchanges,
		get requests() {
			return count;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
