/** The downstream sink of the no-lost-leads test: the Postgres example writing into the machine's PostgreSQL. */
import { exec, postgresConnection, sql } from '../../e2e/support/psql';
import type { N8nInstance } from '../../harness/n8n-instance';
import { createDatabase } from '../../harness/postgres';

export const CREATE_TABLE = `CREATE TABLE aurora_leads (
	lead_id uuid PRIMARY KEY, event text NOT NULL, first_name text, last_name text, email text, phone text,
	address text, monthly_average_bill numeric, lead jsonb, received_at timestamptz, updated_count integer NOT NULL DEFAULT 0)`;

export async function createSink(n8n: N8nInstance): Promise<{ database: string; credentialId: string }> {
	const database = await createDatabase();
	exec(database, CREATE_TABLE);
	const credential = await n8n.createCredential('Local Postgres (faults)', 'postgres', {
		host: postgresConnection.host,
		port: postgresConnection.port,
		database,
		user: postgresConnection.user,
		password: postgresConnection.password,
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		sshTunnel: false,
	});
	return { database, credentialId: credential.id };
}

export function sinkRows(database: string): Array<{ lead_id: string; updated_count: number; email: string | null }> {
	return sql(database, 'SELECT lead_id, updated_count, email FROM aurora_leads');
}
