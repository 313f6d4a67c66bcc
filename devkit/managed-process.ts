/**
 * A long-running child process (an n8n main, worker or webhook process):
 * - stdout+stderr go to a log file and to an in-memory ring buffer (logs()),
 * - stop(): SIGTERM to the whole process group, SIGKILL after a grace period,
 * - every live process is SIGKILLed when the parent exits (jest crash, Ctrl-C, uncaught error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

const RING_CHARS = 512 * 1024;
const live = new Set<ManagedProcess>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal); // the child is a group leader (detached: true)
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

/** SIGKILL every process still running (synchronous: safe inside an 'exit' handler). */
export function killAllManagedProcesses(): void {
	for (const p of live) if (p.pid !== undefined) killGroup(p.pid, 'SIGKILL');
	live.clear();
}

function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllManagedProcesses);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			killAllManagedProcesses();
			process.kill(process.pid, sig); // default action now that our once-listener is gone
		});
	}
}

export interface ManagedProcessOptions {
	name: string;
	command: string;
	args: string[];
	cwd?: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
	/** Also echo output lines to the parent's stderr (prefixed by name). */
	echo?: boolean;
}

export class ManagedProcess {
	readonly name: string;
	private child?: ChildProcess;
	private ring = '';
	private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
	private exitPromise?: Promise<void>;
	private logFd?: number;
	private banner = '';

	constructor(private readonly opts: ManagedProcessOptions) {
		this.name = opts.name;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get running(): boolean {
		return !!this.child && !this.exitInfo;
	}

	/** Exit code/signal once it has exited, else undefined. */
	get exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
		return this.exitInfo;
	}

	start(): void {
		if (this.running) throw new Error(`${this.name} is already running`);
		installExitHooks();
		this.exitInfo = undefined;
		this.logFd = fs.openSync(this.opts.logFile, 'a');
		this.banner = `\n===== ${new Date().toISOString()} start ${this.name}: ${this.opts.command} ${this.opts.args.join(' ')}\n`;
		this.append(this.banner);
		const child = spawn(this.opts.command, this.opts.args, {
			cwd: this.opts.cwd,
			env: this.opts.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.child = child;
		live.add(this);
		const onData = (d: Buffer) => this.append(d.toString());
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		this.exitPromise = new Promise<void>((resolve) => {
			const done = (code: number | null, signal: NodeJS.Signals | null) => {
				if (this.exitInfo) return;
				this.exitInfo = { code, signal };
				live.delete(this);
				this.append(`\n===== ${new Date().toISOString()} ${this.name} exited (code ${code}, signal ${signal})\n`);
				if (this.logFd !== undefined) {
					fs.closeSync(this.logFd);
					this.logFd = undefined;
				}
				resolve();
			};
			child.on('exit', done);
			child.on('error', (err) => {
				this.append(`\n[spawn error] ${err.message}\n`);
				done(null, null);
			});
		});
	}

	private append(text: string): void {
		this.ring += text;
		if (this.ring.length > RING_CHARS) this.ring = this.ring.slice(this.ring.length - RING_CHARS);
		if (this.logFd !== undefined) fs.writeSync(this.logFd, text);
		if (this.opts.echo) {
			for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`[${this.name}] ${line}\n`);
		}
	}

	/** Everything captured in memory (the last 512 KiB). */
	logs(): string {
		return this.ring;
	}

	/** Output of the current (or last) run only, i.e. since the last start(). */
	currentRunLogs(): string {
		const i = this.banner ? this.ring.lastIndexOf(this.banner) : -1;
		return i >= 0 ? this.ring.slice(i) : this.ring;
	}

	tail(lines = 60): string {
		return this.ring.split('\n').slice(-lines).join('\n');
	}

	/** Resolve when the log (since `from`, a logs().length) matches `re`. */
	async waitForLog(re: RegExp, timeoutMs: number, from = 0): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (re.test(this.ring.slice(Math.max(0, from - (RING_CHARS - this.ring.length))))) return;
			if (this.exitInfo) throw new Error(`${this.name} exited while waiting for ${re}`);
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error(`${this.name}: timed out waiting for ${re}`);
	}

	/** SIGKILL the process group at once, as a crash or `kill -9` would end it. Resolves when it has exited. */
	async kill(): Promise<void> {
		if (!this.child || this.exitInfo || this.child.pid === undefined) return;
		killGroup(this.child.pid, 'SIGKILL');
		await this.exitPromise;
	}

	/** SIGTERM the process group, SIGKILL after graceMs. Resolves when it has exited. */
	async stop(graceMs = 10_000): Promise<void> {
		if (!this.child || this.exitInfo || this.child.pid === undefined) return;
		const pid = this.child.pid;
		killGroup(pid, 'SIGTERM');
		const timer = setTimeout(() => {
			this.append(`\n===== ${this.name} did not stop within ${graceMs} ms: SIGKILL\n`);
			killGroup(pid, 'SIGKILL');
		}, graceMs);
		await this.exitPromise;
		clearTimeout(timer);
		// children of n8n (if any) that outlived it
		killGroup(pid, 'SIGKILL');
	}
}
