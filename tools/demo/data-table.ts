/** Reads n8n's Data Table "Aurora leads" through the public API (dataTable:list/read, dataTableRow:read). */
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { waitFor } from '../../devkit/stack/subscriptions';
import { DATA_TABLE_NAME } from './options';

export interface DataTable {
	id: string;
	name: string;
	projectId: string;
}

/** A row as the example's "Store Lead" node writes it. */
export interface LeadRow {
	id: number;
	event: string;
	lead_id: string;
	first_name: string;
	last_name: string;
	email: string;
	phone: string;
	address: string;
	monthly_average_bill: number | null;
	received_at: string;
}

interface Page<T> {
	data: T[];
	nextCursor?: string | null;
}

async function allPages<T>(n8n: N8nInstance, path: string, query: Record<string, string>): Promise<T[]> {
	const out: T[] = [];
	let cursor: string | undefined;
	do {
		const page = await n8n.api<Page<T>>('GET', path, undefined, { ...query, limit: 250, cursor });
		out.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

/** The table with exactly this name (n8n's name filter matches substrings), if it exists yet. */
export async function findDataTable(n8n: N8nInstance, name = DATA_TABLE_NAME): Promise<DataTable | undefined> {
	const tables = await allPages<DataTable>(n8n, '/data-tables', { filter: JSON.stringify({ name }) });
	return tables.find((table) => table.name === name);
}

export async function leadRows(n8n: N8nInstance, table: DataTable): Promise<LeadRow[]> {
	return allPages<LeadRow>(n8n, `/data-tables/${table.id}/rows`, { sortBy: 'id:asc' });
}

/**
 * Polls until the table exists and `complete(rows)` holds; returns the table and its rows. Stops early
 * when `failure()` names a reason (a failed execution: its lead will never arrive).
 */
export async function waitForLeadRows(
	n8n: N8nInstance,
	what: string,
	complete: (rows: LeadRow[]) => boolean,
	timeoutMs: number,
	failure: () => Promise<string | undefined> = async () => undefined,
): Promise<{ table: DataTable; rows: LeadRow[] }> {
	const result = await waitFor<{ table: DataTable; rows: LeadRow[] } | { failed: string }>(
		what,
		async () => {
			const failed = await failure();
			if (failed) return { failed };
			const table = await findDataTable(n8n);
			if (!table) return undefined;
			const rows = await leadRows(n8n, table);
			return complete(rows) ? { table, rows } : undefined;
		},
		timeoutMs,
	);
	if ('failed' in result) throw new Error(`gave up waiting for ${what}: ${result.failed}`);
	return result;
}
