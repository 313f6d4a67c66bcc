/**
 * Ownership of .demo/: one demo at a time per checkout (.demo/demo.json names the demo process), and
 * no n8n left over from an earlier run that died hard (n8n runs in its own process group, so a
 * `kill -9` of the demo orphans it). Only processes whose working directory is .demo/n8n are ever
 * stopped: the harness starts n8n there, and nothing else runs there.
 */
import * as fs from 'node:fs';

import { pidAlive } from '../../devkit/exec';
import { sleep } from '../../devkit/http';
import { DEMO_DIR, N8N_USER_FOLDER, STATE_FILE } from './options';

interface DemoState {
	pid: number;
	startedAt: string;
}

function readState(): DemoState | undefined {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as DemoState;
	} catch {
		return undefined;
	}
}

function cmdline(pid: number): string {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
	} catch {
		return '';
	}
}

/** Live processes whose working directory is the demo's n8n user folder (n8n and its task runner). */
function processesInUserFolder(): number[] {
	let pids: number[];
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
	} catch {
		return [];
	}
	return pids.filter((pid) => {
		try {
			return pid !== process.pid && fs.readlinkSync(`/proc/${pid}/cwd`) === N8N_USER_FOLDER;
		} catch {
			return false;
		}
	});
}

/** Stops what an earlier demo left running in .demo/n8n: SIGTERM, SIGKILL after 10 s. Returns the pids. */
async function stopLeftovers(): Promise<number[]> {
	const leftovers = processesInUserFolder();
	const signal = (sig: NodeJS.Signals) => {
		for (const pid of leftovers) {
			try {
				process.kill(pid, sig);
			} catch {
				// gone already
			}
		}
	};
	if (leftovers.length === 0) return leftovers;
	signal('SIGTERM');
	for (let i = 0; i < 40 && leftovers.some(pidAlive); i++) await sleep(250);
	signal('SIGKILL');
	return leftovers;
}

/**
 * Claims .demo/ for this process and empties the n8n user folder. Throws when another demo from this
 * checkout is still running. Returns notes worth printing.
 */
export async function claimDemoFolder(): Promise<string[]> {
	const notes: string[] = [];
	fs.mkdirSync(DEMO_DIR, { recursive: true });
	const previous = readState();
	if (previous && previous.pid !== process.pid && pidAlive(previous.pid) && /tools\/demo\/demo/.test(cmdline(previous.pid))) {
		throw new Error(
			`another "npm run demo" is running from this checkout (pid ${previous.pid}, started ${previous.startedAt}). ` +
				`Stop it first (Ctrl+C in its terminal, or kill ${previous.pid}).`,
		);
	}
	const stopped = await stopLeftovers();
	if (stopped.length) notes.push(`Stopped processes an earlier demo left running in .demo/n8n (pids ${stopped.join(', ')}).`);
	writeState({ pid: process.pid, startedAt: new Date().toISOString() });
	if (fs.existsSync(N8N_USER_FOLDER)) {
		fs.rmSync(N8N_USER_FOLDER, { recursive: true, force: true });
		notes.push('Fresh start: removed .demo/n8n from the previous run.');
	}
	fs.mkdirSync(N8N_USER_FOLDER, { recursive: true });
	return notes;
}

function writeState(state: DemoState): void {
	const tmp = `${STATE_FILE}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
	fs.renameSync(tmp, STATE_FILE);
}

/** Releases .demo/ (only if this process owns it). */
export function releaseDemoFolder(): void {
	if (readState()?.pid === process.pid) fs.rmSync(STATE_FILE, { force: true });
}
