/** n8n N8N_VERSION in .demo/n8n with our tarball installed, logged in as the demo owner, with an API key. */
import * as net from 'node:net';

import { installPackageTarball, type InstalledPackage } from '../../devkit/n8n/install-package';
import { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { freePort } from '../../devkit/ports';
import { DEMO_LOGIN, N8N_USER_FOLDER, N8N_VERSION, PREFERRED_PORT, REQUIRED_SCOPES } from './options';

function canListen(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** 5678 when nobody listens there, else any free port. */
export async function pickPort(): Promise<number> {
	return (await canListen(PREFERRED_PORT)) ? PREFERRED_PORT : freePort();
}

/** Installs the tarball into the (empty) user folder the way n8n's community installer does. */
export async function installIntoUserFolder(tarball: string): Promise<InstalledPackage> {
	return installPackageTarball(N8N_USER_FOLDER, tarball);
}

export function createN8n(port: number, readyTimeoutMs: number): N8nInstance {
	return new N8nInstance({ version: N8N_VERSION, userFolder: N8N_USER_FOLDER, port, readyTimeoutMs });
}

/** Owner account with the demo login, and a public-API key that can read Data Tables. */
export async function bootstrapDemoOwner(n8n: N8nInstance): Promise<void> {
	await n8n.setupOwner(DEMO_LOGIN);
	await n8n.createApiKey('aurora-demo');
	const missing = REQUIRED_SCOPES.filter((scope) => !n8n.apiKeyScopes.includes(scope));
	if (missing.length) {
		throw new Error(`n8n ${N8N_VERSION} did not put these scopes on the API key: ${missing.join(', ')} (the demo reads the Data Table with them)`);
	}
}
