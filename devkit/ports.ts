/** Free TCP ports on 127.0.0.1: all sockets are held open until every port is picked, so they differ. */
import * as net from 'node:net';

const handedOut = new Set<number>();

function listenEphemeral(): Promise<net.Server> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => resolve(srv));
	});
}

export async function freePorts(count: number): Promise<number[]> {
	const servers: net.Server[] = [];
	const ports: number[] = [];
	try {
		while (ports.length < count) {
			const srv = await listenEphemeral();
			servers.push(srv);
			const port = (srv.address() as net.AddressInfo).port;
			// never hand out the same port twice in this process (n8n may not have bound it yet)
			if (!handedOut.has(port)) ports.push(port);
		}
	} finally {
		await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
	}
	for (const p of ports) handedOut.add(p);
	return ports;
}

export async function freePort(): Promise<number> {
	return (await freePorts(1))[0];
}
