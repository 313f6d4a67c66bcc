/**
 * The one table at the top of docs/reliability.md: each failure, what Aurora sees, what the user
 * sees, and the test that proves it, with the figures of the run where the fault suite measured it.
 */
import type { SectionResult } from './results';

interface Row {
	failure: string;
	aurora: string;
	user: string;
	proof: string;
	figures: string;
	passed?: boolean;
}

const cell = (text: unknown) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function verdict(passed: boolean | undefined): string {
	if (passed === undefined) return '';
	return passed ? 'passed' : '**FAILED**';
}

function figuresOf(values: Record<string, unknown> | undefined): string {
	if (!values) return '';
	return Object.entries(values)
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([name, value]) => `${name}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
		.join('; ');
}

/** Rows measured by the three classic sections of the suite. */
function measuredRows(sections: SectionResult[]): Row[] {
	const rows: Row[] = [];
	const lost = sections.find((section) => section.section === 'no-lost-leads');
	if (lost) {
		const slowest = lost.slowestAnswer as { ms?: number } | undefined;
		rows.push({
			failure: `Lead retrieval fails in passing ways during a burst of ${lost.leads} leads (429 + Retry-After, 500/502/503, timeouts, unreadable bodies on ~4 in 10 retrievals, plus an 8 s API outage)`,
			aurora: `503 + Retry-After: 30 while it lasts, then 200 on a redelivery; answers ${JSON.stringify(lost.deliveryStatuses)}`,
			user: 'each lead once, complete, in PostgreSQL (examples/aurora-lead-to-postgres.json)',
			proof: 'test/faults/no-lost-leads.faults.test.ts',
			figures: figuresOf({
				lost: lost.lost,
				'duplicate executions': lost.duplicateExecutions,
				'duplicates in PostgreSQL': lost.sinkDuplicates,
				'authentic deliveries answered 401': Array.isArray(lost.unauthorized) ? lost.unauthorized.length : lost.unauthorized,
				'server errors': lost.serverErrorCount,
				'slowest answer (ms)': slowest?.ms,
			}),
			passed: lost.passed,
		});
	}
	const hostile = sections.find((section) => section.section === 'hostile-deliveries');
	if (hostile) {
		rows.push({
			failure: `${hostile.deliveries} hostile requests: forged or missing secrets, fuzzed, oversized and path-traversal ids, unknown events, wrong methods`,
			aurora: '(not from Aurora) 401 without the right secret; 200 for an authentic one',
			user: `no execution for forged ones; one execution with \`error\` per authentic one with a bad id (${String(hostile.authentic ?? '?')}); no request to Aurora`,
			proof: 'test/faults/hostile-deliveries.faults.test.ts',
			figures: figuresOf({
				executions: hostile.executions,
				'Aurora requests': (hostile.auroraRequests as unknown[] | undefined)?.length,
				'server errors': (hostile.serverErrors as unknown[] | undefined)?.length,
				'/healthz': hostile.healthz,
			}),
			passed: hostile.passed,
		});
	}
	const secrets = sections.find((section) => section.section === 'secrets');
	if (secrets) {
		rows.push({
			failure: 'A proxy echoes the Authorization header and request bodies; retrieval faults; forged deliveries; debug logging',
			aurora: '—',
			user: 'no API token and no delivery secret in any output, error, answer or log line',
			proof: 'test/faults/secrets.faults.test.ts',
			figures: figuresOf({ leaks: (secrets.leaks as unknown[] | undefined)?.length, 'secrets checked': secrets.secretsChecked }),
			passed: secrets.passed,
		});
	}
	return rows;
}

/** Rows each scenario of the suite recorded about itself (kind: 'scenario'). */
function scenarioRows(sections: SectionResult[]): Row[] {
	return sections
		.filter((section) => section.kind === 'scenario')
		.sort((a, b) => a.section.localeCompare(b.section))
		.map((section) => ({
			failure: `${String(section.failure)}${Array.isArray(section.versions) ? ` (n8n ${(section.versions as string[]).join(', ')})` : ''}`,
			aurora: String(section.auroraSees ?? ''),
			user: String(section.userSees ?? ''),
			proof: String(section.test ?? section.section),
			figures: figuresOf(section.figures as Record<string, unknown> | undefined),
			passed: section.passed,
		}));
}

/** Proven by unit or end-to-end tests rather than measured here; listed so the table is complete. */
const PROVEN_ELSEWHERE: Row[] = [
	{
		failure: "n8n calls the node's delete() right after checkExists or create throws (1.x: with static data reloaded from the database; 2.x: with the same in-memory data)",
		aurora: 'no DELETE of a working subscription while Aurora fails in a passing way',
		user: 'the workflow stays active; a first activation during an outage fails with "Aurora is unavailable … activate again" and leaves nothing behind',
		proof: 'test/unit/trigger/lifecycle.test.ts (activateAsN8n, both versions)',
		figures: '',
	},
	{
		failure: 'A subscription deleted while n8n is stopped; n8n restarts (1.x and 2.x)',
		aurora: 'the subscription recreated at start-up with the same secret',
		user: 'leads arrive again; "recreated the … subscription" in the log',
		proof: 'test/e2e/regular-mode.e2e.test.ts',
		figures: '',
	},
	{
		failure: 'A subscription deleted, and one disabled, in Aurora while n8n runs (interval 1 min), also in queue mode',
		aurora: 'recreated with the same secret / re-enabled in place within one interval',
		user: 'a lead created afterwards arrives (worker executes it in queue mode)',
		proof: 'test/e2e/subscription-upkeep.e2e.test.ts, test/e2e/queue-mode.e2e.test.ts',
		figures: '',
	},
	{
		failure: 'A redelivery on the old secret during and after a save (1.x) or a republish that changes the trigger (2.x)',
		aurora: '200',
		user: 'an execution with the lead; after deactivate + activate the old secret gets 401',
		proof: 'test/e2e/subscription-upkeep.e2e.test.ts, test/unit/trigger/retired-secrets.test.ts',
		figures: '',
	},
	{
		failure: 'A delivery arrives before n8n has saved the secrets of a subscription it just created',
		aurora: '200 on one machine; 401 then 200 on the 30 s redelivery with separate webhook processors',
		user: 'the lead, at most 30 s late',
		proof: 'test/unit/trigger/webhook.test.ts ("right after activation")',
		figures: '',
	},
	{
		failure: 'Create Project, Convert Lead or Webhook Create: the answer is lost after Aurora acted (timeout, reset, 5xx)',
		aurora: 'one request, not repeated',
		user: 'the item fails: "… may have been created in Aurora", with where to check',
		proof: 'test/unit/action/creating-requests.test.ts',
		figures: '',
	},
];

export function renderReliabilityTable(sections: SectionResult[]): string {
	const rows = [...measuredRows(sections), ...scenarioRows(sections), ...PROVEN_ELSEWHERE];
	return [
		'| failure | what Aurora sees | what the user sees | proven by | result | figures (this run) |',
		'|---|---|---|---|---|---|',
		...rows.map((row) => `| ${cell(row.failure)} | ${cell(row.aurora)} | ${cell(row.user)} | ${cell(row.proof)} | ${verdict(row.passed)} | ${cell(row.figures)} |`),
	].join('\n');
}
