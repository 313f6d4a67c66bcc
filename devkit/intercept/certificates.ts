/**
 * A throw-away certificate authority and one server certificate for the hosts a fake answers for
 * (one leaf, every host in its subjectAltName), made with the `openssl` command line (Node cannot
 * issue X.509 certificates itself). n8n trusts the CA through NODE_EXTRA_CA_CERTS; nothing else on
 * the machine does. A fresh CA per run: its key never outlives the test, so trusting it is harmless.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface InterceptCertificates {
	/** The folder holding the files; remove it when done. */
	dir: string;
	/** PEM file of the CA: give it to n8n as NODE_EXTRA_CA_CERTS. */
	caFile: string;
	/** The server certificate (PEM) and its key, valid for every host in `hosts`. */
	cert: string;
	key: string;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeInterceptCertificates(hosts: string[]): InterceptCertificates {
	if (hosts.length === 0) throw new Error('makeInterceptCertificates needs at least one host');
	const dir = mkdtempSync(path.join(tmpdir(), 'fake-intercept-tls-'));
	openssl(
		[
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
			'-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=n8n-nodes-aurora-solar devkit intercept CA',
			'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
		],
		dir,
	);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hosts[0]}`], dir);
	writeFileSync(
		path.join(dir, 'server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
		].join('\n'),
	);
	openssl(
		['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.pem', '-extfile', 'server.ext'],
		dir,
	);
	return {
		dir,
		caFile: path.join(dir, 'ca.pem'),
		cert: readFileSync(path.join(dir, 'server.pem'), 'utf8'),
		key: readFileSync(path.join(dir, 'server.key'), 'utf8'),
	};
}
