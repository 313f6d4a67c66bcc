/**
 * The environment and command line of each n8n process the harness starts: what every process gets
 * (user folder, fixed encryption key, no telemetry, public webhook base, per-version switches, queue
 * mode's PostgreSQL and Redis), and what each role adds (main, worker, webhook processor).
 */
import { n8nPostgresEnv } from '../postgres';
import type { N8nVersion } from './runtime-cache';

export type N8nMode = 'regular' | 'queue';
export type ProcessRole = 'main' | 'worker' | 'webhook';

export const ENCRYPTION_KEY = 'aurora-e2e-fixed-encryption-key-0123456789';

export interface N8nEnvInput {
	version: N8nVersion;
	mode: N8nMode;
	userFolder: string;
	/** Public webhook base URL, with a trailing slash. */
	webhookBase: string;
	/** Queue mode: the PostgreSQL database. */
	database?: string;
	/** Queue mode: the Bull and cache key prefix in Redis. */
	queuePrefix: string;
}

/** What every n8n process of an instance gets. */
export function n8nBaseEnv(input: N8nEnvInput): Record<string, string> {
	const env: Record<string, string> = {
		// jest sets NODE_ENV=test, which makes n8n silence its logger and exit(1) at start
		NODE_ENV: 'production',
		N8N_USER_FOLDER: input.userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '8',
		GENERIC_TIMEZONE: 'UTC',
		N8N_WEBHOOK_URL: input.webhookBase,
	};
	if (input.version.startsWith('1.')) {
		// 1.x reads WEBHOOK_URL (2.x deprecates it in favour of N8N_WEBHOOK_URL).
		env.WEBHOOK_URL = input.webhookBase;
		// 1.x can run without task runners; 2.x always starts its internal JS runner and only
		// warns that N8N_RUNNERS_ENABLED is deprecated, so it is not set there.
		env.N8N_RUNNERS_ENABLED = 'false';
	} else {
		env.N8N_UNVERIFIED_PACKAGES_ENABLED = 'true';
	}
	if (input.mode === 'queue') {
		Object.assign(env, n8nPostgresEnv(input.database as string), {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: process.env.E2E_REDIS_HOST ?? '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: process.env.E2E_REDIS_PORT ?? '6379',
			QUEUE_BULL_PREFIX: input.queuePrefix,
			// n8n's Redis cache (webhooks, workflow data, ...) defaults to the shared prefix "n8n:cache:";
			// stale webhook entries from another instance give "There is a conflict with one of the webhooks"
			N8N_REDIS_KEY_PREFIX: input.queuePrefix,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		});
	}
	return env;
}

export interface RolePorts {
	/** The main process's port. */
	port: number;
	/** Queue mode: the webhook processor's port. */
	webhookPort: number;
	/** Queue mode: the worker's health-check port. */
	workerHealthPort: number;
	/** This process's task-runner broker port. */
	brokerPort: number;
}

/** The `n8n <command>` of a role and the environment it adds to the base. */
export function roleCommand(role: ProcessRole, ports: RolePorts): { command: string; env: Record<string, string> } {
	const env: Record<string, string> = { N8N_RUNNERS_BROKER_PORT: String(ports.brokerPort) };
	let command = 'start';
	if (role === 'main') env.N8N_PORT = String(ports.port);
	if (role === 'webhook') {
		command = 'webhook';
		env.N8N_PORT = String(ports.webhookPort);
	}
	if (role === 'worker') {
		command = 'worker';
		env.N8N_PORT = String(ports.port); // unused by the worker; its server uses QUEUE_HEALTH_CHECK_PORT
		env.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		env.QUEUE_HEALTH_CHECK_PORT = String(ports.workerHealthPort);
		env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
	}
	return { command, env };
}
