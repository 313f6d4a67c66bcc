/** The Postgres examples' sinks: a fresh database in the machine's PostgreSQL, its table, and an n8n credential. */
import type { N8nInstance } from '../../../devkit/n8n/n8n-instance';
import { createDatabase } from '../../../devkit/postgres';
import { exec, postgresConnection } from './psql';

export const CREATE_TABLE = `CREATE TABLE aurora_leads (
	lead_id uuid PRIMARY KEY, event text NOT NULL, first_name text, last_name text, email text, phone text,
	address text, monthly_average_bill numeric, lead jsonb, received_at timestamptz, updated_count integer NOT NULL DEFAULT 0)`;

export async function createLeadSink(n8n: N8nInstance, credentialName: string): Promise<{ database: string; credentialId: string }> {
	return await createSink(n8n, credentialName, CREATE_TABLE);
}

/** A fresh database with the table `createTable` makes, and an n8n Postgres credential for it. */
export async function createSink(n8n: N8nInstance, credentialName: string, createTable: string): Promise<{ database: string; credentialId: string }> {
	const database = await createDatabase();
	exec(database, createTable);
	const credential = await n8n.createCredential(credentialName, 'postgres', {
		host: postgresConnection.host,
		port: postgresConnection.port,
		database,
		user: postgresConnection.user,
		password: postgresConnection.password,
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		// n8n 1.x's public API schema demands the tunnel flag explicitly.
		sshTunnel: false,
	});
	return { database, credentialId: credential.id };
}
