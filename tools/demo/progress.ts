/** Numbered progress lines, timings, and which step is running (for failure messages). */

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A step failed: carries the step's number and title. */
export class StepFailed extends Error {
	constructor(
		readonly step: string,
		readonly cause: unknown,
	) {
		super(`step ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
	}
}

export class Progress {
	private index = 0;
	/** "[5/9] Start n8n …" of the running (or last) step. */
	current = 'start-up, before step 1';
	readonly startedAt = Date.now();

	private abortedWith?: string;

	constructor(private readonly total: number) {}

	/** After a timeout or Ctrl+C: a flow still running in the background starts no further step. */
	abort(reason: string): void {
		this.abortedWith = reason;
	}

	/** Runs one step: prints its title, then `done(result)` (or "done") with the time it took. */
	async step<T>(title: string, fn: () => Promise<T>, done?: (value: T) => string): Promise<T> {
		if (this.abortedWith) throw new Error(`not starting "${title}": ${this.abortedWith}`);
		this.index++;
		this.current = `[${this.index}/${this.total}] ${title}`;
		console.log(this.current);
		const t0 = Date.now();
		let value: T;
		try {
			value = await fn();
		} catch (error) {
			throw error instanceof StepFailed ? error : new StepFailed(this.current, error);
		}
		this.note(`${done ? done(value) : 'done'} (${seconds(Date.now() - t0)})`);
		return value;
	}

	/** An indented detail line under the current step. */
	note(line: string): void {
		for (const part of line.split('\n')) console.log(`      ${part}`);
	}

	elapsed(): string {
		return seconds(Date.now() - this.startedAt);
	}
}
