/** What the demo runs against, where it keeps its files, and its command-line options. */
import * as path from 'node:path';

import type { OwnerCredentials } from '../../devkit/n8n/n8n-instance';
import type { N8nVersion } from '../../devkit/n8n/runtime-cache';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Everything the demo writes (gitignored). */
export const DEMO_DIR = path.join(REPO_ROOT, '.demo');
/** n8n's user folder: SQLite database, installed community package, logs. Wiped at the start of each run. */
export const N8N_USER_FOLDER = path.join(DEMO_DIR, 'n8n');
export const PACK_DIR = path.join(DEMO_DIR, 'pack');
export const BUILD_LOG = path.join(DEMO_DIR, 'build.log');
/** Which demo process owns .demo/ right now, and its n8n (see state.ts). */
export const STATE_FILE = path.join(DEMO_DIR, 'demo.json');

export const N8N_VERSION: N8nVersion = '2.41.1';
export const PREFERRED_PORT = 5678;
export const EXAMPLE_FILE = 'aurora-lead-to-data-table.json';
export const DATA_TABLE_NAME = 'Aurora leads';
export const CREDENTIAL_NAME = 'Aurora Solar account';
/** Aurora's retry ladder (30 s, 5 min, 30 min, 3 h, 20 h) × this: 30 ms … 72 s. */
export const FAKE_TIME_SCALE = 0.001;

export const DEMO_LOGIN: OwnerCredentials = {
	email: 'demo@example.com',
	password: 'Aurora-Demo-2026',
	firstName: 'Demo',
	lastName: 'User',
};

/** Public-API scopes the demo itself needs (on top of workflow and credential scopes). */
export const REQUIRED_SCOPES = ['dataTable:list', 'dataTable:read', 'dataTableRow:read'];

export interface DemoOptions {
	once: boolean;
	timeoutMs: number;
}

export const USAGE = `Usage: npm run demo [-- [--once] [--timeout <seconds>]]

Starts a fake Aurora and a local n8n ${N8N_VERSION} with this package, activates
examples/${EXAMPLE_FILE}, simulates Lead Capture AI submissions and prints the
leads n8n stored in its Data Table "${DATA_TABLE_NAME}".

  --once               exit 0 once the leads have arrived (non-zero with the reason otherwise)
  --timeout <seconds>  give up if the leads have not arrived by then (default 600, a cold install included)
  --help               this text

Without --once, n8n and the fake keep running until Ctrl+C.`;

export function parseOptions(argv: string[]): DemoOptions | 'help' {
	const options: DemoOptions = { once: false, timeoutMs: 10 * 60_000 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		if (flag === '--help' || flag === '-h') return 'help';
		if (flag === '--once') {
			options.once = true;
		} else if (flag === '--timeout') {
			const raw = inline ?? argv[++i];
			const seconds = Number(raw);
			if (!raw || !Number.isFinite(seconds) || seconds <= 0) throw new Error(`--timeout needs a number of seconds, got ${raw ?? 'nothing'}`);
			options.timeoutMs = seconds * 1000;
		} else {
			throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
		}
	}
	return options;
}
