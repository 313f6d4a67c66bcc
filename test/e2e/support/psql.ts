import { execFileSync } from 'child_process';

const host = process.env.E2E_PG_HOST ?? '127.0.0.1';
const port = process.env.E2E_PG_PORT ?? '5432';
const user = process.env.E2E_PG_USER ?? 'postgres';

/** Runs SQL against the machine's real PostgreSQL; returns rows as JSON objects. */
export function sql<T = Record<string, unknown>>(database: string, query: string): T[] {
	const wrapped = `SELECT coalesce(json_agg(t), '[]'::json) FROM (${query}) t`;
	const out = execFileSync('psql', ['-h', host, '-p', port, '-U', user, '-d', database, '-At', '-c', wrapped], {
		encoding: 'utf8',
	});
	return JSON.parse(out.trim() || '[]') as T[];
}

export function exec(database: string, statement: string): void {
	execFileSync('psql', ['-h', host, '-p', port, '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-q', '-c', statement]);
}

export const postgresConnection = { host, port: Number(port), user, password: process.env.E2E_PG_PASSWORD ?? '' };
