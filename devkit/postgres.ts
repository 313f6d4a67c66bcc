/** Throwaway PostgreSQL databases for queue-mode n8n, created and dropped with the `psql` CLI (no pg client). */
import * as crypto from 'node:crypto';
import { runOk } from './exec';

export interface PgConfig {
	host: string;
	port: number;
	user: string;
	password: string;
}

export function pgConfig(): PgConfig {
	return {
		host: process.env.E2E_PG_HOST ?? '127.0.0.1',
		port: Number(process.env.E2E_PG_PORT ?? 5432),
		user: process.env.E2E_PG_USER ?? 'postgres',
		password: process.env.E2E_PG_PASSWORD ?? '',
	};
}

async function psql(cfg: PgConfig, sql: string): Promise<string> {
	const res = await runOk(
		'psql',
		['-h', cfg.host, '-p', String(cfg.port), '-U', cfg.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql],
		{ env: { ...process.env, PGPASSWORD: cfg.password, PGCONNECT_TIMEOUT: '10' }, timeoutMs: 60_000 },
	);
	return res.stdout.trim();
}

/** Create an empty database named n8n_e2e_<random> and return its name. */
export async function createDatabase(cfg: PgConfig = pgConfig()): Promise<string> {
	const name = `n8n_e2e_${crypto.randomBytes(5).toString('hex')}`;
	await psql(cfg, `CREATE DATABASE ${name}`);
	return name;
}

export async function dropDatabase(name: string, cfg: PgConfig = pgConfig()): Promise<void> {
	if (!/^n8n_e2e_[a-z0-9]+$/.test(name)) throw new Error(`refusing to drop database ${name}`);
	await psql(cfg, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Env for n8n to use that database. */
export function n8nPostgresEnv(database: string, cfg: PgConfig = pgConfig()): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: cfg.host,
		DB_POSTGRESDB_PORT: String(cfg.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: cfg.user,
		DB_POSTGRESDB_PASSWORD: cfg.password,
	};
}
