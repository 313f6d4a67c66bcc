/**
 * One real n8n 2.41.1 for the benchmark, with the packed package installed the community way and
 * the same settings for every setup being compared.
 */
import { randomBytes } from 'crypto';

import { installPackageTarball } from '../../devkit/n8n/install-package';
import { N8nInstance } from '../../devkit/n8n/n8n-instance';
import type { N8nVersion } from '../../devkit/n8n/runtime-cache';

export const BENCH_N8N_VERSION: N8nVersion = '2.41.1';

/**
 * Applied to every setup alike. Everything else is n8n's default (SQLite, executions saved on
 * success and on error, no progress saving, regular mode, no concurrency limit).
 */
export const BENCH_N8N_ENV: Record<string, string> = {
	// Per-request info lines are not what is being measured; warnings and errors still show.
	N8N_LOG_LEVEL: 'warn',
	// n8n's default; stated so the report shows it: node-by-node progress is not written to the DB.
	EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
	// No pruning run in the middle of a batch (the whole run stays far below n8n's 10,000 cap anyway).
	EXECUTIONS_DATA_PRUNE: 'false',
	N8N_METRICS: 'false',
};

export interface BenchCredentials {
	aurora: string;
	headerAuth: string;
	bearer: string;
	/** The secret behind the (b) header credential. */
	headerSecret: string;
}

export async function startBenchN8n(options: { tarball?: string; env?: Record<string, string>; bootstrap?: boolean }): Promise<N8nInstance> {
	const n8n = new N8nInstance({ version: BENCH_N8N_VERSION, env: { ...BENCH_N8N_ENV, ...(options.env ?? {}) } });
	try {
		if (options.tarball) await installPackageTarball(n8n.userFolder, options.tarball);
		await n8n.start();
		if (options.bootstrap !== false) await n8n.bootstrap();
		return n8n;
	} catch (error) {
		await n8n.dispose();
		throw error;
	}
}

export async function createBenchCredentials(n8n: N8nInstance, fake: { url: string; token: string; tenantId: string }): Promise<BenchCredentials> {
	const headerSecret = randomBytes(32).toString('hex');
	const aurora = await n8n.createCredential('Aurora (bench)', 'auroraSolarApi', {
		environment: 'custom',
		baseUrl: fake.url,
		apiToken: fake.token,
		tenantId: fake.tenantId,
	});
	const headerAuth = await n8n.createCredential('Aurora delivery secret (bench)', 'httpHeaderAuth', {
		name: 'X-Aurora-Webhook-Secret',
		value: headerSecret,
	});
	const bearer = await n8n.createCredential('Aurora bearer (bench)', 'httpBearerAuth', { token: fake.token });
	return { aurora: aurora.id, headerAuth: headerAuth.id, bearer: bearer.id, headerSecret };
}
