/**
 * Tiny promise wrapper around child_process.spawn, shared by the harness files.
 * Output is kept in memory (last 256 KiB per stream) and optionally appended to a log file.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Append stdout and stderr to this file. */
	logFile?: string;
	/** Kill the process (SIGKILL) after this many ms. Default: 10 minutes. */
	timeoutMs?: number;
	/** Data written to stdin (then closed). */
	input?: string;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
	timedOut: boolean;
}

const KEEP = 256 * 1024;

function keepTail(buf: string): string {
	return buf.length > KEEP ? buf.slice(buf.length - KEEP) : buf;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const log = opts.logFile ? fs.openSync(opts.logFile, 'a') : undefined;
		if (log !== undefined) {
			fs.writeSync(log, `\n$ ${[cmd, ...args].join(' ')}   (cwd ${opts.cwd ?? process.cwd()})\n`);
		}
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, opts.timeoutMs ?? 10 * 60_000);
		child.stdout.on('data', (d: Buffer) => {
			stdout = keepTail(stdout + d.toString());
			if (log !== undefined) fs.writeSync(log, d);
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr = keepTail(stderr + d.toString());
			if (log !== undefined) fs.writeSync(log, d);
		});
		child.on('error', (err) => {
			clearTimeout(timer);
			if (log !== undefined) fs.closeSync(log);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (log !== undefined) fs.closeSync(log);
			resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
		});
		// A child that exits without reading its input (redis-cli DEL) closes the pipe: EPIPE is not a failure.
		child.stdin.on('error', () => undefined);
		child.stdin.end(opts.input ?? '');
	});
}

/** Like run(), but rejects with the tail of the output when the exit code is not 0. */
export async function runOk(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
	const res = await run(cmd, args, opts);
	if (res.code !== 0) {
		const tail = (res.stdout + '\n' + res.stderr).split('\n').slice(-40).join('\n');
		throw new Error(
			`command failed (${res.timedOut ? 'timeout' : `exit ${res.code ?? res.signal}`}): ` +
				`${[cmd, ...args].join(' ')}\n--- last output ---\n${tail}`,
		);
	}
	return res;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
