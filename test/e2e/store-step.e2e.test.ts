/**
 * The store step under duplicate deliveries: each example workflow, imported into a real n8n (each
 * pinned version) with the packed package, receives every lead several times at the same moment
 * (a fresh workflow's first burst included), again later, then a change; the test counts the rows
 * a user would see in the store: one per lead, holding the latest lead.
 *
 * - Postgres example: the machine's real PostgreSQL.
 * - Data Table example: n8n's own Data Table, read through n8n's REST API as the editor shows it.
 * - Google Sheets example: n8n's real Google Sheets node against a fake Sheets API that n8n reaches
 *   through its ordinary HTTPS_PROXY support (devkit/fake-google-sheets).
 * - n8n's Remove Duplicates node, as the README used to recommend it: what it does on a first burst,
 *   once its record exists, and when its history is full.
 *
 * Every scenario writes its raw numbers to stderr and to .tmp/store-step-report.jsonl.
 */
import { randomUUID } from 'crypto';
import { appendFileSync, mkdirSync } from 'fs';
import path from 'path';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { FakeGoogleSheets } from '../../devkit/fake-google-sheets/server';
import { startFakeGoogleSheets } from '../../devkit/fake-google-sheets/server';
import type { ExecutionSummary, N8nMode } from '../../devkit/n8n/n8n-instance';
import type { N8nVersion } from '../../devkit/n8n/runtime-cache';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { dropDatabase } from '../../devkit/postgres';
import type { AuroraStack } from '../../devkit/stack/stack';
import { TRIGGER_TYPE, startStack } from '../../devkit/stack/stack';
import { subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { loadExample } from '../../devkit/stack/workflows';
import { createDataTable, dataTableRows, findDataTable } from './support/data-table';
import { DeliveryBursts, tally, type Settled } from './support/deliveries';
import { nodeError, nodeOutput } from './support/execution-data';
import { createLeadSink } from './support/lead-sink';
import { exec, sql } from './support/psql';

/** Leads per scenario, and copies of each lead's event delivered at the same moment. */
const LEADS = 4;
const COPIES = 5;
/** Fresh workflows that each get a first burst in the Remove Duplicates probes. */
const TRIALS = 4;
const SHEET_HEADER = ['Lead ID', 'First Name', 'Last Name', 'Email', 'Phone', 'Address', 'Monthly Bill', 'Received At'];
const DATA_TABLE = 'Aurora leads';
const REPORT = path.join(__dirname, '..', '..', '.tmp', 'store-step-report.jsonl');

type Json = Record<string, unknown>;
type WorkflowJson = Json & { nodes: Array<Json & { name: string; parameters: Json }>; connections: Json };

interface StoredRow {
	leadId: string;
	email: string;
}

function report(entry: Json): void {
	mkdirSync(path.dirname(REPORT), { recursive: true });
	appendFileSync(REPORT, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
	process.stderr.write(`[store-step] ${JSON.stringify(entry)}\n`);
}

function rowsPerLead(rows: StoredRow[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const row of rows) counts[row.leadId] = (counts[row.leadId] ?? 0) + 1;
	return counts;
}

/** The error a failed execution shows in n8n's execution list. */
function executionError(execution: ExecutionSummary): string {
	const data = execution.data as { resultData?: { error?: { message?: string } } } | undefined;
	return data?.resultData?.error?.message ?? '';
}

function slowestAnswerMs(settled: Settled): number {
	return Math.max(0, ...settled.attempts.map((attempt) => attempt.durationMs));
}

/**
 * Each version on one machine with its default SQLite database, and in queue mode (main, worker and
 * webhook processor on PostgreSQL + Redis), where n8n's own tables (processed_data, Data Tables) live in
 * PostgreSQL.
 */
/**
 * CI runs the short scale (E2E_SCALE=short, set by .ci/run): the examples on both versions, queue mode on the
 * newest only, and none of the probes that measure what n8n's own nodes do (Remove Duplicates, Sheets without
 * Minimise API Calls, the concurrency limit). `npm run test:e2e` runs everything.
 */
const FULL = process.env.E2E_SCALE !== 'short';
const CASES: Array<[N8nVersion, N8nMode]> = [
	...selectedVersions().map((version): [N8nVersion, N8nMode] => [version, 'regular']),
	...selectedVersions()
		.filter((version) => FULL || !version.startsWith('1.'))
		.map((version): [N8nVersion, N8nMode] => [version, 'queue']),
];
const probe = FULL ? it : it.skip;

describe.each(CASES)('n8n %s (%s mode): each lead stored once under duplicate deliveries', (version, mode) => {
	const v1 = version.startsWith('1.');
	const queue = mode === 'queue';
	/** Tests that change n8n's own settings by restarting it, or probe what does not depend on the database. */
	const regularOnly = queue || !FULL ? it.skip : it;
	let stack: AuroraStack;
	let admin: FakeAuroraClient;
	let sheets: FakeGoogleSheets;
	let bursts: DeliveryBursts;
	let database: string;
	let postgresCredentialId: string;
	let googleCredentialId: string;

	beforeAll(async () => {
		sheets = await startFakeGoogleSheets();
		stack = await startStack({ version, mode, fake: { autoDeliver: false }, env: sheets.env });
		admin = new FakeAuroraClient(stack.fake.url);
		bursts = new DeliveryBursts(stack, admin);
		({ database, credentialId: postgresCredentialId } = await createLeadSink(stack.n8n, 'Local Postgres'));
		exec(database, 'CREATE TABLE aurora_lead_log (id serial PRIMARY KEY, lead_id uuid NOT NULL, event text NOT NULL)');
		googleCredentialId = (
			await stack.n8n.createCredential('Fake Google service account', 'googleApi', {
				region: 'us-central1',
				email: sheets.serviceAccount.email,
				privateKey: sheets.serviceAccount.privateKey,
				inpersonate: false,
				httpNode: false,
			})
		).id;
	}, 10 * 60_000);

	afterAll(async () => {
		try {
			await stack?.dispose();
		} finally {
			await sheets?.close();
			if (database) await dropDatabase(database);
		}
	});

	/** Creates and activates a workflow; waits for its Aurora subscriptions (one per event). */
	async function activate(workflow: Json, events = 2): Promise<string> {
		const created = await stack.n8n.createWorkflow(workflow);
		await stack.n8n.activateWorkflow(created.id);
		await waitFor('the workflow subscriptions', async () => ((await subscriptionsOf(stack.fake.url)).length === events ? true : undefined));
		return created.id;
	}

	async function deactivate(workflowId: string): Promise<void> {
		await stack.n8n.deactivateWorkflow(workflowId);
		await waitFor('no subscriptions', async () => ((await subscriptionsOf(stack.fake.url)).length === 0 ? true : undefined));
	}

	async function newLeads(count: number): Promise<string[]> {
		return (await Promise.all(Array.from({ length: count }, () => admin.createLead()))).map((lead) => lead.id);
	}

	/**
	 * A fresh workflow's first burst (every lead COPIES times at once), two more copies of each at once
	 * later, a change in Aurora delivered COPIES times at once, then one late redelivery per lead.
	 */
	async function duplicateDeliveries(workflowId: string, rowsOf: () => Promise<StoredRow[]>) {
		await bursts.reset(workflowId);
		const ids = await newLeads(LEADS);
		await bursts.atOnce('lead_created', ids, COPIES);
		const firstBurst = await bursts.settle(workflowId);
		const afterFirstBurst = await rowsOf();

		await bursts.atOnce('lead_created', ids, 2);
		await bursts.settle(workflowId);

		const emails = new Map<string, string>();
		for (const [index, id] of ids.entries()) {
			const email = `changed-${index}-${randomUUID().slice(0, 8)}@example.com`;
			await admin.changeLead(id, { customer: { customer_email: email } });
			emails.set(id, email);
		}
		await bursts.atOnce('lead_changed', ids, COPIES);
		await bursts.settle(workflowId);

		await bursts.oneByOne('lead_created', ids, workflowId);
		const end = await bursts.settle(workflowId);
		const rows = await rowsOf();
		const numbers = {
			deliveries: new Set(end.attempts.map((attempt) => attempt.deliveryId)).size,
			answers: tally(end.attempts.map((attempt) => attempt.status ?? attempt.error)),
			executions: tally(end.executions.map((execution) => execution.status)),
			firstBurst: {
				deliveries: LEADS * COPIES,
				executions: tally(firstBurst.executions.map((execution) => execution.status)),
				rows: afterFirstBurst.length,
				rowsPerLead: Object.values(rowsPerLead(afterFirstBurst)),
				slowestAnswerMs: slowestAnswerMs(firstBurst),
			},
			rowsAtEnd: rows.length,
			rowsPerLeadAtEnd: Object.values(rowsPerLead(rows)),
			slowestAnswerMs: slowestAnswerMs(end),
		};
		return { ids, emails, afterFirstBurst, rows, end, numbers };
	}

	function expectOneLatestRowPerLead(result: Awaited<ReturnType<typeof duplicateDeliveries>>): void {
		expect(result.end.executions.filter((execution) => execution.status !== 'success').map((execution) => `${execution.id}: ${executionError(execution)}`)).toEqual([]);
		expect(rowsPerLead(result.afterFirstBurst)).toEqual(Object.fromEntries(result.ids.map((id) => [id, 1])));
		expect(rowsPerLead(result.rows)).toEqual(Object.fromEntries(result.ids.map((id) => [id, 1])));
		expect(Object.fromEntries(result.rows.map((row) => [row.leadId, row.email]))).toEqual(Object.fromEntries(result.emails));
	}

	/**
	 * What holds for a store without a unique key (Google Sheets, a Data Table in PostgreSQL): no lead
	 * is missing, and once a lead has a row no later copy adds another; the rows `latest` picks hold the
	 * latest lead. Copies of a new lead at the same moment can each add a row (counted in the report).
	 */
	function expectNoRowAfterTheFirst(result: Awaited<ReturnType<typeof duplicateDeliveries>>, latest: (rows: StoredRow[]) => StoredRow[]): void {
		expect(result.end.executions.filter((execution) => execution.status !== 'success').map((execution) => `${execution.id}: ${executionError(execution)}`)).toEqual([]);
		expect(Object.keys(rowsPerLead(result.afterFirstBurst)).sort()).toEqual([...result.ids].sort());
		expect(result.rows).toHaveLength(result.afterFirstBurst.length);
		for (const row of latest(result.rows)) expect(row.email).toBe(result.emails.get(row.leadId));
	}

	it('Postgres example: one row per lead, with the latest lead, from the first burst on', async () => {
		const workflowId = await activate(loadExample('aurora-lead-to-postgres.json', { auroraSolarApi: stack.credential.id, postgres: postgresCredentialId }));
		const result = await duplicateDeliveries(workflowId, async () =>
			sql<{ lead_id: string; email: string }>(database, 'SELECT lead_id, email FROM aurora_leads').map((row) => ({ leadId: row.lead_id, email: row.email })),
		);
		await deactivate(workflowId);
		report({ version, mode, example: 'postgres', ...result.numbers });
		expectOneLatestRowPerLead(result);
	});

	/**
	 * n8n 1.x's default SQLite driver shares one connection, and so one transaction, between concurrent
	 * Data Table writes: nested SAVEPOINTs interleave ("no such savepoint"), a lead gets two rows, and the
	 * connection is left broken for every later query. The example's note tells 1.x users to set
	 * DB_SQLITE_POOL_SIZE, which gives 1.x the pooled driver 2.x uses (one write transaction at a time).
	 */
	const DATA_TABLE_ENV = v1 && !queue ? { DB_SQLITE_POOL_SIZE: '2' } : {};
	const restartForDataTable = Object.keys(DATA_TABLE_ENV).length > 0;

	const dataTableTitle = queue
		? 'Data Table example in PostgreSQL: no lead missing, no row added once a lead has one, every row the latest lead'
		: `Data Table example${restartForDataTable ? ' (DB_SQLITE_POOL_SIZE=2)' : ''}: one row per lead, with the latest lead, from the first burst on`;

	it(`${dataTableTitle}${v1 ? ' (table created by hand, as on 1.x)' : ''}`, async () => {
		if (restartForDataTable) await stack.n8n.restart(DATA_TABLE_ENV);
		try {
			const workflow = loadExample('aurora-lead-to-data-table.json', { auroraSolarApi: stack.credential.id }) as WorkflowJson;
			if (v1) {
				// What the example's note tells a 1.x user: create the table by hand, delete Ensure Table, and
				// pick the table in Store Lead (1.x's Data Table node has From List and ID, no By Name).
				const ensure = workflow.nodes.find((node) => node.name === 'Ensure Table');
				const table = await createDataTable(stack.n8n, DATA_TABLE, (ensure?.parameters.columns as { column: Array<{ name: string; type: string }> }).column);
				workflow.nodes = workflow.nodes.filter((node) => node.name !== 'Ensure Table');
				workflow.connections = { 'Aurora Solar Trigger': { main: [[{ node: 'Store Lead', type: 'main', index: 0 }]] } };
				const store = workflow.nodes.find((node) => node.name === 'Store Lead');
				if (!store) throw new Error('the Data Table example has no Store Lead node');
				store.parameters.dataTableId = { __rl: true, mode: 'list', value: table.id, cachedResultName: DATA_TABLE };
			}
			const workflowId = await activate(workflow);
			const result = await duplicateDeliveries(workflowId, async () => {
				const table = await findDataTable(stack.n8n, DATA_TABLE);
				if (!table) return [];
				return (await dataTableRows(stack.n8n, table)).map((row) => ({ leadId: String(row.lead_id), email: String(row.email) }));
			});
			await deactivate(workflowId);
			report({ version, mode, example: 'data-table', env: DATA_TABLE_ENV, ...result.numbers });
			// In PostgreSQL two upserts of a new lead can both find nothing to update and both insert
			// (read committed); an upsert updates every row that matches, so all of a lead's rows stay current.
			if (queue) expectNoRowAfterTheFirst(result, (rows) => rows);
			else expectOneLatestRowPerLead(result);
		} finally {
			if (restartForDataTable) await stack.n8n.restart({ DB_SQLITE_POOL_SIZE: undefined });
		}
	});

	/** The Sheets example against a new fake spreadsheet, with the service-account credential. */
	function sheetsWorkflow(): { workflow: WorkflowJson; spreadsheetId: string } {
		const spreadsheetId = sheets.createSpreadsheet('Leads', SHEET_HEADER);
		const workflow = loadExample('aurora-lead-to-google-sheets.json', { auroraSolarApi: stack.credential.id }) as WorkflowJson;
		const node = workflow.nodes.find((candidate) => candidate.type === 'n8n-nodes-base.googleSheets');
		if (!node) throw new Error('the Sheets example has no Google Sheets node');
		node.parameters.authentication = 'serviceAccount';
		(node.parameters.documentId as Json).value = `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;
		node.credentials = { googleApi: { id: googleCredentialId, name: 'Fake Google service account' } };
		return { workflow, spreadsheetId };
	}

	function sheetRows(spreadsheetId: string): StoredRow[] {
		const [header, ...rows] = sheets.rows(spreadsheetId, 'Leads');
		expect(header).toEqual(SHEET_HEADER);
		return rows.map((row) => ({ leadId: String(row[0]), email: String(row[3]) }));
	}

	it('Google Sheets example: a lead already in the sheet never gets a second row; copies of a new lead at the same moment can', async () => {
		const { workflow, spreadsheetId } = sheetsWorkflow();
		const workflowId = await activate(workflow);
		const result = await duplicateDeliveries(workflowId, async () => sheetRows(spreadsheetId));
		await deactivate(workflowId);
		report({ version, mode, example: 'google-sheets', concurrency: 'n8n default', sheetsLatencyMs: sheets.latencyMs, ...result.numbers });

		// Rows are added with Google's append call, so no execution writes over another's row; the row
		// Append or Update finds first (the top one) is the one kept current.
		expectNoRowAfterTheFirst(result, (rows) => rows.filter((row, index) => rows.findIndex((other) => other.leadId === row.leadId) === index));
	});

	regularOnly("Google Sheets without Minimise API Calls (the node's default): executions succeed while concurrent new leads can write over each other's row", async () => {
		const { workflow, spreadsheetId } = sheetsWorkflow();
		const node = workflow.nodes.find((candidate) => candidate.type === 'n8n-nodes-base.googleSheets');
		(node as Json & { parameters: Json }).parameters.options = {};
		const workflowId = await activate(workflow);
		await bursts.reset(workflowId);
		const ids = await newLeads(2 * LEADS);
		await bursts.atOnce('lead_created', ids, 1);
		const { executions } = await bursts.settle(workflowId);
		await deactivate(workflowId);
		const rows = sheetRows(spreadsheetId);
		const missing = ids.filter((id) => !rows.some((row) => row.leadId === id)).length;
		report({ version, mode, probe: 'google-sheets-without-useAppend', newLeadsAtOnce: ids.length, executions: tally(executions.map((execution) => execution.status)), errors: tally(executions.map(executionError).filter(Boolean)), rows: rows.length, leadsMissing: missing, fakeErrors: tally(sheets.requests.map((request) => request.error).filter(Boolean)) });
		// n8n shows every execution as a success: a missing lead is visible only in the sheet.
		expect(executions.map((execution) => execution.status)).toEqual(ids.map(() => 'success'));
		expect(rows.length + missing).toBe(ids.length);
	});

	// n8n ignores N8N_CONCURRENCY_PRODUCTION_LIMIT in queue mode (concurrency-control.service.js).
	regularOnly('Google Sheets example with N8N_CONCURRENCY_PRODUCTION_LIMIT=1: one row per lead, with the latest lead', async () => {
		await stack.n8n.restart({ N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' });
		try {
			const { workflow, spreadsheetId } = sheetsWorkflow();
			const workflowId = await activate(workflow);
			const result = await duplicateDeliveries(workflowId, async () => sheetRows(spreadsheetId));
			await deactivate(workflowId);
			report({ version, mode, example: 'google-sheets', concurrency: 'N8N_CONCURRENCY_PRODUCTION_LIMIT=1', sheetsLatencyMs: sheets.latencyMs, ...result.numbers });
			expectOneLatestRowPerLead(result);
		} finally {
			await stack.n8n.restart({ N8N_CONCURRENCY_PRODUCTION_LIMIT: undefined });
		}
	});

	/** Trigger → Remove Duplicates (as the README used to recommend it) → an INSERT into a log without a key. */
	function removeDuplicatesWorkflow(options: { retryOnFail?: boolean; historySize?: number } = {}): Json {
		return {
			name: `Remove Duplicates probe ${randomUUID().slice(0, 8)}`,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: randomUUID(),
					name: 'Aurora Solar Trigger',
					type: TRIGGER_TYPE,
					typeVersion: 1.1,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { events: ['lead_created'], retrieveDetails: true },
					credentials: { auroraSolarApi: { id: stack.credential.id, name: 'Aurora' } },
				},
				{
					id: randomUUID(),
					name: 'Remove Duplicates',
					type: 'n8n-nodes-base.removeDuplicates',
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						operation: 'removeItemsSeenInPreviousExecutions',
						logic: 'removeItemsWithAlreadySeenKeyValues',
						dedupeValue: '={{ $json.event }}:{{ $json.lead_id }}',
						options: options.historySize ? { historySize: options.historySize } : {},
					},
					...(options.retryOnFail ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 } : {}),
				},
				{
					id: randomUUID(),
					name: 'Log Lead',
					type: 'n8n-nodes-base.postgres',
					typeVersion: 2.5,
					position: [440, 0],
					parameters: {
						operation: 'executeQuery',
						query: 'INSERT INTO aurora_lead_log (lead_id, event) VALUES ($1, $2)',
						options: { queryReplacement: '={{ [$json.lead_id, $json.event] }}' },
					},
					credentials: { postgres: { id: postgresCredentialId, name: 'Local Postgres' } },
				},
			],
			connections: {
				'Aurora Solar Trigger': { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
				'Remove Duplicates': { main: [[{ node: 'Log Lead', type: 'main', index: 0 }]] },
			},
		};
	}

	function logged(ids: string[]): Record<string, number> {
		const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
		const rows = sql<{ lead_id: string; n: number }>(database, `SELECT lead_id, count(*)::int AS n FROM aurora_lead_log WHERE lead_id IN (${ids.map((id) => `'${id}'`).join(',')}) GROUP BY lead_id`);
		for (const row of rows) counts[row.lead_id] = row.n;
		return counts;
	}

	function failures(executions: ExecutionSummary[]): string[] {
		return executions.filter((execution) => execution.status !== 'success').map((execution) => nodeError(execution, 'Remove Duplicates') ?? executionError(execution));
	}

	const UNIQUE_VIOLATION = /UNIQUE constraint failed: processed_data\.workflowId, processed_data\.context|duplicate key value violates unique constraint/;

	/**
	 * Fresh workflows, one after the other, each getting its first burst: LEADS leads COPIES times and
	 * LEADS more leads once, all at the same moment. Returns the last workflow, still active.
	 */
	async function firstBursts(options: { retryOnFail?: boolean }) {
		const trials: Array<{ ids: string[]; singles: string[]; settled: Settled; stored: Record<string, number> }> = [];
		let workflowId = '';
		for (let trial = 0; trial < TRIALS; trial++) {
			if (workflowId) await deactivate(workflowId);
			workflowId = await activate(removeDuplicatesWorkflow(options), 1);
			await bursts.reset(workflowId);
			const ids = await newLeads(LEADS);
			const singles = await newLeads(LEADS);
			await Promise.all([bursts.atOnce('lead_created', ids, COPIES), bursts.atOnce('lead_created', singles, 1)]);
			const settled = await bursts.settle(workflowId);
			trials.push({ ids: [...ids, ...singles], singles, settled, stored: logged([...ids, ...singles]) });
		}
		const summary = trials.map(({ ids, singles, settled, stored }) => ({
			failedExecutions: failures(settled.executions).length,
			leadsMissing: Object.values(stored).filter((n) => n === 0).length,
			copiesStoredPerLead: ids.filter((id) => !singles.includes(id)).map((id) => stored[id]),
			singleCopyLeadsStored: singles.filter((id) => stored[id] > 0).length,
		}));
		return { workflowId, trials, summary, errors: tally(trials.flatMap(({ settled }) => failures(settled.executions))) };
	}

	probe('Remove Duplicates: first-burst failures are the processed_data race and show as failed executions; once its record exists no lead is dropped (copies passing and keys lost are counted)', async () => {
		const { workflowId, trials, summary, errors } = await firstBursts({});

		// The record exists now: more new leads, each COPIES times at once.
		await bursts.reset(workflowId);
		const more = await newLeads(LEADS);
		await bursts.atOnce('lead_created', more, COPIES);
		const settled = await bursts.settle(workflowId);
		const moreLogged = logged(more);
		// Later, one copy of each lead at a time: a key lost to a concurrent write lets its lead through again.
		const before = logged(more);
		await bursts.oneByOne('lead_created', more, workflowId);
		const after = logged(more);
		await deactivate(workflowId);

		report({
			version,
			mode,
			probe: 'remove-duplicates',
			firstBursts: { trials: TRIALS, deliveriesEach: LEADS * COPIES + LEADS, perTrial: summary, errors },
			recordExists: {
				deliveries: LEADS * COPIES,
				failedExecutions: failures(settled.executions).length,
				copiesStoredPerLead: Object.values(moreLogged),
				duplicatesStored: Object.values(moreLogged).reduce((sum, n) => sum + Math.max(0, n - 1), 0),
			},
			laterSingleRedeliveries: { deliveries: LEADS, passedAgain: more.filter((id) => after[id] > before[id]).length },
		});

		for (const { ids, settled: first, stored } of trials) {
			// Every failure is the race on processed_data's first row, and it shows as a failed execution:
			// a lead is missing only where its copies failed.
			for (const failure of failures(first.executions)) expect(failure).toMatch(UNIQUE_VIOLATION);
			const failedLeads = new Set(
				first.executions.filter((execution) => execution.status !== 'success').map((execution) => String(nodeOutput(execution, 'Aurora Solar Trigger')[0]?.lead_id)),
			);
			for (const id of ids.filter((lead) => stored[lead] === 0)) expect(failedLeads).toContain(id);
		}
		// Once the record exists no execution fails and no lead is dropped (copies may pass more than once).
		expect(failures(settled.executions)).toEqual([]);
		expect(Object.values(moreLogged).filter((n) => n === 0)).toEqual([]);
	});

	regularOnly('Remove Duplicates with Retry On Fail: first bursts fail no execution and lose no lead', async () => {
		const { workflowId, trials, summary, errors } = await firstBursts({ retryOnFail: true });
		await deactivate(workflowId);
		report({ version, mode, probe: 'remove-duplicates-retry-on-fail', firstBursts: { trials: TRIALS, deliveriesEach: LEADS * COPIES + LEADS, perTrial: summary, errors } });
		for (const { settled, stored } of trials) {
			expect(failures(settled.executions)).toEqual([]);
			expect(Object.values(stored).filter((n) => n === 0)).toEqual([]);
		}
	});

	regularOnly('Remove Duplicates fails every execution once its history is full (History Size is a cap, not a window)', async () => {
		const workflowId = await activate(removeDuplicatesWorkflow({ historySize: 3 }), 1);
		await bursts.reset(workflowId);
		const ids = await newLeads(5);
		await bursts.oneByOne('lead_created', ids, workflowId);
		const { executions } = await bursts.settle(workflowId);
		await deactivate(workflowId);
		const byLead = new Map(executions.map((execution) => [String(nodeOutput(execution, 'Aurora Solar Trigger')[0]?.lead_id), execution]));
		const statuses = ids.map((id) => byLead.get(id)?.status);
		report({ version, mode, probe: 'remove-duplicates-history-size-3', statuses, stored: Object.values(logged(ids)) });
		expect(statuses).toEqual(['success', 'success', 'success', 'error', 'error']);
		expect(nodeError(byLead.get(ids[3])!, 'Remove Duplicates')).toMatch(/exceeds the maximum history size/);
		expect(Object.values(logged(ids))).toEqual([1, 1, 1, 0, 0]);
	});
});
