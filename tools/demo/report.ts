/** What the person sees at the end: the stored leads, and where to look in n8n. */
import * as path from 'node:path';

import type { FakeAurora } from '../../devkit/fake-aurora/server';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import type { DataTable, LeadRow } from './data-table';
import { DATA_TABLE_NAME, DEMO_LOGIN, REPO_ROOT } from './options';
import type { DemoWorkflow } from './workflow';

export function formatTable(headers: string[], rows: string[][]): string {
	const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('   ').trimEnd();
	return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function leadTable(rows: LeadRow[]): string {
	return formatTable(
		['name', 'email', 'address', 'event'],
		rows.map((row) => [`${row.first_name} ${row.last_name}`.trim(), row.email, row.address, row.event]),
	);
}

export function printReport(options: {
	n8n: N8nInstance;
	fake: FakeAurora;
	workflow: DemoWorkflow;
	table: DataTable;
	rows: LeadRow[];
	once: boolean;
}): void {
	const { n8n, fake, workflow, table, rows, once } = options;
	const base = n8n.baseUrl;
	const indent = (text: string) => text.replace(/^/gm, '  ');
	console.log(`\nLeads in the n8n Data Table "${DATA_TABLE_NAME}" (${rows.length} rows):\n`);
	console.log(indent(leadTable(rows)));
	console.log('');
	const lines: Array<[string, string]> = [
		['n8n editor', base],
		['login', `${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`],
		['Data Table', `Overview \u2192 Data tables \u2192 "${DATA_TABLE_NAME}"   ${base}/projects/${table.projectId}/datatables/${table.id}`],
		['workflow', `"${workflow.name}"   ${base}/workflow/${workflow.id}   (executions: ${base}/workflow/${workflow.id}/executions)`],
		['fake Aurora', `${fake.url}   (tenant ${fake.tenantId}, token ${fake.token})`],
		['n8n folder', `${path.relative(REPO_ROOT, n8n.userFolder)}   (log: ${path.relative(REPO_ROOT, n8n.logFile())})`],
	];
	const width = Math.max(...lines.map(([label]) => label.length));
	for (const [label, value] of lines) console.log(`${`${label}:`.padEnd(width + 2)}${value}`);
	if (once) {
		console.log('\nWith --once, n8n and the fake Aurora stop here. Run `npm run demo` without --once to keep them up and look around.');
	} else {
		console.log(`\nAnother Lead Capture AI submission (it appears in the table a moment later):`);
		console.log(`  curl -s -X POST ${fake.url}/__admin/leads -H 'content-type: application/json' -d '{}'`);
		console.log('\nn8n and the fake Aurora keep running. Press Ctrl+C to stop them.');
	}
}
