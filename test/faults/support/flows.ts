/**
 * A fault file runs one flow per n8n stack (version and mode). A flow only observes, turning what
 * it saw into one outcome per scenario; the tests judge and record those afterwards. Most of a flow
 * is waiting for the trigger's scheduled check (every minute at best), so flows may overlap:
 * FAULTS_PARALLEL=n runs up to n at once (default 1, one after another). Start-ups, the CPU-heavy
 * part, never overlap.
 */
import { FakeAuroraClient } from '../../../devkit/fake-aurora/client';
import type { N8nMode } from '../../../devkit/n8n/n8n-instance';
import type { N8nVersion } from '../../../devkit/n8n/runtime-cache';
import { selectedVersions } from '../../../devkit/n8n/runtime-cache';
import type { AuroraStack } from '../../../devkit/stack/stack';
import { startStack } from '../../../devkit/stack/stack';
import type { Outcome, ScenarioRow } from './scenario';
import { attempt, check, recordScenario } from './scenario';

export function parallelFlows(): number {
	const raw = Number(process.env.FAULTS_PARALLEL ?? '1');
	if (!Number.isInteger(raw) || raw < 1) throw new Error(`FAULTS_PARALLEL must be a positive integer, got ${process.env.FAULTS_PARALLEL}`);
	return raw;
}

let startQueue: Promise<unknown> = Promise.resolve();

/** startStack, one at a time across the flows of this process. */
async function startStackInTurn(options: Parameters<typeof startStack>[0]): Promise<AuroraStack> {
	const turn = startQueue.then(async () => await startStack(options));
	startQueue = turn.catch(() => undefined);
	return await turn;
}

export abstract class StackFlow<Key extends string> {
	stack?: AuroraStack;
	admin!: FakeAuroraClient;
	/** Set when the flow stopped early. */
	error?: string;
	readonly outcomes = new Map<Key, Outcome>();
	private disposed = false;

	constructor(
		readonly version: N8nVersion,
		readonly mode: N8nMode = 'regular',
	) {}

	get label(): string {
		return this.mode === 'queue' ? `${this.version} (queue)` : this.version;
	}

	get queue(): boolean {
		return this.mode === 'queue';
	}

	get v1(): boolean {
		return this.version.startsWith('1.');
	}

	/** The running stack (inside observe and the scenarios). */
	protected get live(): AuroraStack {
		if (!this.stack) throw new Error('the stack is not running');
		return this.stack;
	}

	/** What the flow does with its stack. */
	protected abstract observe(stack: AuroraStack): Promise<void>;

	/** How the flow's stack starts, beyond its version and mode (the fake's tenants and time scale, n8n's environment). */
	protected stackOptions(): Omit<Parameters<typeof startStack>[0], 'version' | 'mode'> {
		return {};
	}

	/** Turns what was observed into outcomes, also after a flow stopped early. */
	protected conclude(): void {}

	/** Runs one scenario; an exception becomes its failed outcome. */
	protected async scenario(key: Key, steps: () => Promise<Outcome>): Promise<void> {
		this.outcomes.set(key, await attempt(steps));
	}

	async run(): Promise<void> {
		try {
			this.stack = await startStackInTurn({ ...this.stackOptions(), version: this.version, mode: this.mode });
			this.admin = new FakeAuroraClient(this.stack.fake.url);
			await this.observe(this.stack);
		} catch (error) {
			this.error = (error as Error).stack ?? String(error);
		} finally {
			await this.dispose();
		}
		this.conclude();
	}

	async dispose(): Promise<void> {
		if (!this.stack || this.disposed) return;
		this.disposed = true;
		await this.stack.dispose();
	}

	/** Records the scenario's row for this stack; returns the checks that failed, for the test to assert. */
	judge(row: ScenarioRow, key: Key): Array<{ what: string; seen?: unknown }> {
		const outcome = this.outcomes.get(key) ?? { checks: [], auroraSees: 'not run', userSees: 'not run', figures: {} };
		const checks = [check('the flow ran to the end', this.error === undefined, this.error), ...outcome.checks];
		return recordScenario(row, { ...outcome, version: this.label, checks });
	}
}

/** One flow per selected n8n version in regular mode, and one per 2.x version in queue mode when `queue`. */
export function flowsFor<F>(make: (version: N8nVersion, mode: N8nMode) => F, options: { queue: boolean }): F[] {
	const versions = selectedVersions();
	return [
		...versions.map((version) => make(version, 'regular')),
		...(options.queue ? versions.filter((version) => !version.startsWith('1.')).map((version) => make(version, 'queue')) : []),
	];
}

/**
 * Runs the flows before the file's tests (up to FAULTS_PARALLEL at once, or `options.parallel` for a
 * file whose flows mostly wait and put little load on n8n), disposes whatever is left after them, and
 * declares one describe per flow, titled `n8n <version>: <title>`. Call at the top level of a test file.
 */
export function describeFlows<F extends StackFlow<string>>(flows: F[], title: string, tests: (flow: F) => void, options: { parallel?: number } = {}): void {
	beforeAll(async () => {
		const queue = [...flows];
		const workers = Array.from({ length: Math.min(options.parallel ?? parallelFlows(), queue.length) }, async () => {
			for (let next = queue.shift(); next; next = queue.shift()) await next.run();
		});
		await Promise.all(workers);
	}, 60 * 60_000);

	afterAll(async () => {
		await Promise.all(flows.map(async (flow) => await flow.dispose()));
	});

	describe.each(flows.map((flow) => [flow.label, flow] as const))(`n8n %s: ${title}`, (_label, flow) => tests(flow));
}
