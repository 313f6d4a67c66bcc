/**
 * `npm run demo [-- --once]`: a fake Aurora and a real n8n 2.41.1 with this package installed the
 * community-installer way, the example workflow "Aurora lead → n8n Data Table" activated, a few
 * simulated Lead Capture AI submissions, and the leads n8n stored. See options.ts for the flags.
 */
import type { Lead } from '../../devkit/fake-aurora/types';
import { startFakeAurora, type FakeAurora } from '../../devkit/fake-aurora/server';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { cacheDir } from '../../devkit/n8n/runtime-cache';
import { terminateChildren } from './children';
import { waitForLeadRows, type DataTable, type LeadRow } from './data-table';
import { diagnose, firstExecutionError } from './diagnostics';
import { deliveryNote, editLead, fullName, hasChangedRow, hasCreatedRows, submitLead, SUBMISSIONS } from './leads';
import { bootstrapDemoOwner, createN8n, installIntoUserFolder, pickPort } from './n8n';
import { EXAMPLE_FILE, FAKE_TIME_SCALE, N8N_VERSION, parseOptions, PREFERRED_PORT, USAGE, type DemoOptions } from './options';
import { buildPackage, ensureDemoRuntime, packTarball, relative, runtimeCached } from './package-build';
import { Progress, seconds, StepFailed } from './progress';
import { printReport } from './report';
import { claimDemoFolder, releaseDemoFolder } from './state';
import { activateExample, type DemoWorkflow } from './workflow';

const STEPS = 9;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Outcome {
	workflow: DemoWorkflow;
	table: DataTable;
	rows: LeadRow[];
}

class DemoRun {
	private readonly progress = new Progress(STEPS);
	private fake?: FakeAurora;
	private n8n?: N8nInstance;
	private workflow?: DemoWorkflow;
	private deadline = 0;
	private stopping?: Promise<void>;
	/** Set by Ctrl+C (or another stop signal). */
	private interrupted = false;
	private succeeded = false;

	constructor(private readonly options: DemoOptions) {}

	/** Time left before the overall timeout, for the waits inside a step. */
	private left(): number {
		return Math.max(1_000, this.deadline - Date.now());
	}

	async run(): Promise<number> {
		console.log(`Aurora Solar demo: fake Aurora + n8n ${N8N_VERSION} with this package${this.options.once ? ' (--once)' : ''}\n`);
		for (const signal of STOP_SIGNALS) process.on(signal, () => this.onSignal(signal));
		this.deadline = Date.now() + this.options.timeoutMs;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => {
					this.progress.abort('timed out');
					reject(new Error(`gave up: the leads had not arrived after ${seconds(this.options.timeoutMs)} (--timeout)`));
				},
				this.options.timeoutMs,
			);
		});
		let outcome: Outcome;
		try {
			outcome = await Promise.race([this.flow(), timeout]);
		} catch (error) {
			return this.fail(error);
		} finally {
			clearTimeout(timer);
		}
		this.succeeded = true;
		if (this.options.once) {
			await this.stop();
			printReport({ n8n: this.n8n as N8nInstance, fake: this.fake as FakeAurora, ...outcome, once: true });
			console.log(`\nDemo OK in ${this.progress.elapsed()}: all leads arrived.`);
			return 0;
		}
		printReport({ n8n: this.n8n as N8nInstance, fake: this.fake as FakeAurora, ...outcome, once: false });
		return this.keepRunning();
	}

	private async flow(): Promise<Outcome> {
		const { progress } = this;
		for (const note of await claimDemoFolder()) console.log(note);

		const cached = runtimeCached();
		await progress.step(
			`Runtime: Node 24 + n8n ${N8N_VERSION}`,
			async () => {
				if (!cached) progress.note(`not cached yet: downloading and building n8n ${N8N_VERSION} once (about 4 minutes, ~3 GB; later runs start in seconds)`);
				await ensureDemoRuntime((line) => progress.note(line));
			},
			() => `${cached ? 'cached' : 'installed'} in ${cacheDir()}`,
		);
		await progress.step('Build the package (npm run build)', buildPackage, () => `built dist/ (log: .demo/build.log)`);
		const tarball = await progress.step('Pack the tarball (npm pack)', packTarball, (file) => relative(file));

		const fake = await progress.step(
			'Start the fake Aurora on loopback',
			() => startFakeAurora({ timeScale: FAKE_TIME_SCALE }),
			(started) => `${started.url} (retry ladder \u00d7 ${FAKE_TIME_SCALE}: first retry after ${30_000 * FAKE_TIME_SCALE} ms)`,
		);
		this.fake = fake;

		await progress.step(
			'Install the package into a fresh .demo/n8n, as n8n\u2019s community installer does',
			() => installIntoUserFolder(tarball),
			(installed) => `${installed.name}@${installed.version} in ${relative(installed.dir)}`,
		);

		const n8n = await progress.step(
			`Start n8n ${N8N_VERSION}`,
			async () => {
				const port = await pickPort();
				progress.note(port === PREFERRED_PORT ? `port ${port}` : `port ${PREFERRED_PORT} is taken: using ${port}`);
				const instance = createN8n(port, Math.min(120_000, this.left()));
				this.n8n = instance;
				await instance.start();
				await bootstrapDemoOwner(instance);
				return instance;
			},
			(instance) => `ready at ${instance.baseUrl}, owner ${instance.owner.email}, API key with Data Table scopes`,
		);

		const workflow = await progress.step(
			'Create the Aurora credential (Custom \u2192 the fake) and activate the example workflow',
			() => activateExample(n8n, fake, Math.min(60_000, this.left())),
			(active) => `examples/${EXAMPLE_FILE} is active as "${active.name}"; Aurora delivers ${active.events.join(' and ')} to n8n`,
		);
		this.workflow = workflow;

		// The example's "Ensure Table" creates the Data Table on first use, and two first executions at the
		// same moment could both try; so the first submission goes alone and the others follow once the
		// table exists.
		const leads: Lead[] = [];
		const executionFailed = () => firstExecutionError(n8n, workflow.id);
		await progress.step(
			`Simulate ${SUBMISSIONS} Lead Capture AI submissions and wait for them in the Data Table`,
			async () => {
				const submit = async (count: number) => {
					const batch = await Promise.all(Array.from({ length: count }, () => submitLead(fake.url)));
					for (const lead of batch) progress.note(`lead_created: ${fullName(lead)} <${lead.customer.customer_email}>`);
					leads.push(...batch);
					return waitForLeadRows(n8n, `the rows of ${leads.length} new lead(s)`, hasCreatedRows(leads), Math.min(90_000, this.left()), executionFailed);
				};
				await submit(1);
				return submit(SUBMISSIONS - 1);
			},
			({ rows }) => `${rows.length} rows stored`,
		);

		return progress.step(
			'Edit one lead in Aurora (new email: lead_changed) and wait for it',
			async () => {
				const changed = await editLead(fake.url, leads[0]);
				progress.note(`lead_changed: ${fullName(changed)} <${changed.customer.customer_email}>`);
				const { table, rows } = await waitForLeadRows(n8n, 'the lead_changed row', hasChangedRow(changed), Math.min(90_000, this.left()), executionFailed);
				progress.note(await deliveryNote(fake.url));
				return { workflow, table, rows };
			},
			({ rows }) => `${rows.length} rows stored`,
		);
	}

	private async fail(error: unknown): Promise<number> {
		if (this.interrupted) {
			await this.stop();
			return 130;
		}
		const step = error instanceof StepFailed ? error.step : this.progress.current;
		const cause = error instanceof StepFailed ? error.cause : error;
		const message = cause instanceof Error ? cause.message : String(cause);
		console.error(`\nDemo FAILED at ${step}\n  ${message.replace(/\n/g, '\n  ')}`);
		const details = await diagnose({ n8n: this.n8n, workflowId: this.workflow?.id, fakeUrl: this.fake?.url });
		if (details) console.error(`\n${details}`);
		const started = !!(this.n8n || this.fake);
		if (started) console.error('\nStopping n8n and the fake Aurora\u2026');
		await this.stop();
		if (started) console.error(`Stopped after ${this.progress.elapsed()}. n8n's files stay in .demo/n8n.`);
		return 1;
	}

	/** Stops n8n (SIGTERM, then SIGKILL after 10 s), the fake and any build or install still running. Idempotent. */
	private stop(): Promise<void> {
		this.stopping ??= (async () => {
			await this.n8n?.dispose().catch((error: Error) => console.error(`stopping n8n: ${error.message}`));
			await this.fake?.close().catch((error: Error) => console.error(`stopping the fake Aurora: ${error.message}`));
			terminateChildren();
			releaseDemoFolder();
		})();
		return this.stopping;
	}

	private onSignal(signal: NodeJS.Signals): void {
		// The harness also reacts to the signal (it SIGKILLs n8n and re-raises it once): act on the first only.
		if (this.interrupted) return;
		this.interrupted = true;
		this.progress.abort(`stopped by ${signal}`);
		console.log(`\n${signal}: stopping n8n and the fake Aurora\u2026`);
		void this.stop().then(() => {
			console.log('Stopped.');
			process.exit(this.succeeded ? 0 : 130);
		});
	}

	/** Without --once: until a stop signal (handled in onSignal), or until n8n dies on its own. */
	private keepRunning(): Promise<number> {
		return new Promise((resolve) => {
			const watch = setInterval(() => {
				const exited = this.n8n?.process()?.exited;
				if (!exited || this.interrupted) return;
				clearInterval(watch);
				console.error(`\nn8n exited on its own (code ${exited.code}, signal ${exited.signal}).`);
				console.error(`--- last n8n log lines ---\n${this.n8n?.process()?.tail(30) ?? ''}`);
				void this.stop().then(() => resolve(1));
			}, 1_000);
		});
	}
}

async function main(): Promise<number> {
	let options: DemoOptions | 'help';
	try {
		options = parseOptions(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		return 2;
	}
	if (options === 'help') {
		console.log(USAGE);
		return 0;
	}
	return new DemoRun(options).run();
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		terminateChildren();
		process.exit(1);
	},
);
