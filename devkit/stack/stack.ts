import { randomUUID } from 'crypto';

import { installPackageTarball } from '../n8n/install-package';
import type { N8nMode } from '../n8n/n8n-instance';
import { N8nInstance } from '../n8n/n8n-instance';
import type { N8nVersion } from '../n8n/runtime-cache';
import type { FakeAurora, FakeAuroraOptions } from '../fake-aurora/server';
import { startFakeAurora } from '../fake-aurora/server';

export const TRIGGER_TYPE = 'n8n-nodes-aurora-solar.auroraSolarTrigger';
export const ACTION_TYPE = 'n8n-nodes-aurora-solar.auroraSolar';

export interface AuroraStack {
	fake: FakeAurora;
	n8n: N8nInstance;
	credential: { id: string; name: string };
	dispose(): Promise<void>;
}

export function tarball(): string {
	const path = process.env.AURORA_E2E_TARBALL;
	if (!path) throw new Error('AURORA_E2E_TARBALL is not set: run the e2e tests through jest.e2e.config.js');
	return path;
}

/**
 * A fake Aurora and a real n8n with our packed tarball installed the community-installer way,
 * bootstrapped with an owner, an API key and an Aurora credential (environment Custom → the fake).
 */
export async function startStack(options: {
	version: N8nVersion;
	mode?: N8nMode;
	fake?: FakeAuroraOptions;
	/** Extra environment for n8n. E2E_N8N_LOG_LEVEL=debug raises n8n's log level (for investigating). */
	env?: Record<string, string>;
	/** Host name of n8n's webhook URL: `localhost` as on a local install (default `127.0.0.1`). */
	webhookHost?: string;
}): Promise<AuroraStack> {
	const fake = await startFakeAurora({ timeScale: 0.001, ...(options.fake ?? {}) });
	const logLevel = process.env.E2E_N8N_LOG_LEVEL;
	const env = { ...(logLevel ? { N8N_LOG_LEVEL: logLevel } : {}), ...(options.env ?? {}) };
	const n8n = new N8nInstance({ version: options.version, mode: options.mode ?? 'regular', env, webhookHost: options.webhookHost });
	try {
		await installPackageTarball(n8n.userFolder, tarball());
		await n8n.start();
		await n8n.bootstrap();
		const credential = await n8n.createCredential(`Aurora ${randomUUID().slice(0, 8)}`, 'auroraSolarApi', {
			environment: 'custom',
			baseUrl: fake.url,
			apiToken: fake.token,
			tenantId: fake.tenantId,
		});
		return {
			fake,
			n8n,
			credential: { id: credential.id, name: credential.name },
			async dispose() {
				await n8n.dispose();
				await fake.close();
			},
		};
	} catch (error) {
		await n8n.dispose().catch(() => undefined);
		await fake.close();
		throw error;
	}
}
