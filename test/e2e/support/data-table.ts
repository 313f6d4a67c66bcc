/**
 * n8n Data Tables as the editor shows them, through n8n's REST API with the owner's session (n8n
 * 1.123.81 has no public Data Table API): find a table by name, create one by hand (what a 1.x user
 * does, since 1.x's Data Table node cannot create tables), and read every row.
 */
import type { N8nInstance } from '../../../devkit/n8n/n8n-instance';

export interface DataTableRef {
	id: string;
	name: string;
	projectId: string;
}

export type DataTableRow = Record<string, unknown> & { id: number };

export async function findDataTable(n8n: N8nInstance, name: string): Promise<DataTableRef | undefined> {
	await n8n.ensureSession();
	const page = await n8n.rest<{ data: DataTableRef[] }>('GET', `/data-tables-global?take=250&skip=0`);
	return page.data.find((table) => table.name === name);
}

export async function createDataTable(n8n: N8nInstance, name: string, columns: Array<{ name: string; type: string }>): Promise<DataTableRef> {
	await n8n.ensureSession();
	const project = await n8n.rest<{ id: string }>('GET', '/projects/personal');
	const created = await n8n.rest<{ id: string; name: string }>('POST', `/projects/${project.id}/data-tables`, { name, columns });
	return { id: created.id, name: created.name, projectId: project.id };
}

export async function dataTableRows(n8n: N8nInstance, table: DataTableRef): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	for (let skip = 0; ; skip += 250) {
		const page = await n8n.rest<{ count: number; data: DataTableRow[] }>('GET', `/projects/${table.projectId}/data-tables/${table.id}/rows?take=250&skip=${skip}`);
		rows.push(...page.data);
		if (page.data.length < 250) return rows;
	}
}
