/** The downstream sink of the no-lost-leads test: the Postgres example writing into the machine's PostgreSQL. */
import { createLeadSink } from '../../e2e/support/lead-sink';
import { sql } from '../../e2e/support/psql';
import type { N8nInstance } from '../../../devkit/n8n/n8n-instance';

export async function createSink(n8n: N8nInstance): Promise<{ database: string; credentialId: string }> {
	return await createLeadSink(n8n, 'Local Postgres (faults)');
}

export function sinkRows(database: string): Array<{ lead_id: string; updated_count: number; email: string | null }> {
	return sql(database, 'SELECT lead_id, updated_count, email FROM aurora_leads');
}
