/**
 * Where a real n8n saves a node's static data: the behaviour the trigger's memory is built on
 * (docs/architecture.md, "What the trigger remembers, and where n8n saves it"). If a future n8n
 * changes any of it, this test fails, not the README. The unit tests' stand-ins for n8n
 * (test/support/n8n-saves.ts) do what this test shows.
 *
 * A probe node shaped like the trigger (test/e2e/support/static-data-probe.ts) adds 1 to a counter
 * in its node static data in each call; the test reads the saved value back through the public API.
 */
import * as crypto from 'node:crypto';

import { sleep } from '../../devkit/http';
import { installPackageTarball } from '../../devkit/n8n/install-package';
import type { N8nMode } from '../../devkit/n8n/n8n-instance';
import { N8nInstance } from '../../devkit/n8n/n8n-instance';
import type { N8nVersion } from '../../devkit/n8n/runtime-cache';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { nodeOutput } from './support/execution-data';
import type { ProbePackage } from './support/static-data-probe';
import { createProbePackage, removeProbePackage } from './support/static-data-probe';

type Counters = Partial<Record<'webhook' | 'execute' | 'triggerStarts' | 'ticks' | 'emits', number>>;

const setups: Array<{ version: N8nVersion; mode: N8nMode }> = selectedVersions().map((version) => ({ version, mode: 'regular' }));
if (selectedVersions().includes('2.41.1')) setups.push({ version: '2.41.1', mode: 'queue' });

let probe: ProbePackage;

beforeAll(async () => {
	probe = await createProbePackage();
});

afterAll(() => {
	if (probe) removeProbePackage(probe);
});

describe.each(setups)('n8n $version ($mode mode): where n8n saves a node\'s static data', ({ version, mode }) => {
	const v2 = version.startsWith('2.');
	const queue = mode === 'queue';
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = new N8nInstance({ version, mode });
		await installPackageTarball(n8n.userFolder, probe.tarball);
		await n8n.start();
		await n8n.bootstrap();
	}, 10 * 60_000);

	afterAll(async () => {
		await n8n?.dispose();
	});

	async function probeWorkflow(name: string, emitAtTicks = ''): Promise<{ id: string; path: string }> {
		const webhookId = crypto.randomUUID();
		const workflow = await n8n.createWorkflow({
			name,
			settings: { executionOrder: 'v1' },
			nodes: [{ id: crypto.randomUUID(), name: 'Probe Trigger', type: probe.nodeType, typeVersion: 1, position: [0, 0], webhookId, parameters: { emitAtTicks } }],
			connections: {},
		});
		await n8n.activateWorkflow(workflow.id);
		return { id: workflow.id, path: `${webhookId}/probe` };
	}

	async function saved(workflowId: string): Promise<Counters> {
		const { staticData } = await n8n.getWorkflow(workflowId);
		const all = (typeof staticData === 'string' ? JSON.parse(staticData) : (staticData ?? {})) as Record<string, Counters>;
		return all['node:Probe Trigger'] ?? {};
	}

	/** The saved counters once n8n had time to write what it writes: every execution finished, then a pause. */
	async function settled(workflowId: string, executions: number): Promise<Counters> {
		if (executions > 0) await n8n.waitForExecutions(workflowId, executions, 60_000);
		await sleep(1_500);
		return await saved(workflowId);
	}

	/** The saved counter once it reached `value`, or what it is after 15 s. */
	async function savedWithin(workflowId: string, counter: keyof Counters, value: number): Promise<number | undefined> {
		const deadline = Date.now() + 15_000;
		for (;;) {
			const current = (await saved(workflowId))[counter];
			if (current === value || Date.now() > deadline) return current;
			await sleep(250);
		}
	}

	async function call(path: string, query: string): Promise<{ status: number; body: string }> {
		const response = await n8n.callWebhook(`${path}?${query}`);
		expect(response.status).toBe(200);
		return { status: response.status, body: response.text };
	}

	it(`webhook(): a call that starts no execution is saved; one that starts an execution and lets n8n answer is ${v2 ? 'NOT saved' : 'saved'}; one that answers itself before the execution starts is saved`, async () => {
		const workflow = await probeWorkflow('probe: webhook calls');
		await call(workflow.path, 'answer=none&count=1');
		expect(await savedWithin(workflow.id, 'webhook', 1)).toBe(1);

		for (let index = 0; index < 3; index++) await call(workflow.path, 'answer=n8n&count=1');
		// 2.x defers the onReceived answer, and with it the save, until WorkflowRunner.run has reset the change flag.
		expect((await settled(workflow.id, 3)).webhook).toBe(v2 ? 1 : 4);

		// n8n saves after the node answered, so each call waits for the save before the next one reads.
		const before = (await saved(workflow.id)).webhook ?? 0;
		for (let index = 1; index <= 2; index++) {
			expect((await call(workflow.path, 'answer=self&count=1')).body).toContain('answeredBy');
			expect(await savedWithin(workflow.id, 'webhook', before + index)).toBe(before + index);
		}
		await n8n.waitForExecutions(workflow.id, 5, 60_000);
	});

	it(`execute(): what the node changes in an execution it started is saved when the execution ends, ${
		queue ? 'from a copy that starts EMPTY on the worker, so the save replaces everything else' : 'on the copy loaded when the execution started'
	}`, async () => {
		const workflow = await probeWorkflow('probe: execute');
		await call(workflow.path, 'answer=n8n&write=1');
		expect((await settled(workflow.id, 1)).execute).toBe(1);
		await call(workflow.path, 'answer=none&count=1');
		expect(await savedWithin(workflow.id, 'webhook', 1)).toBe(1);
		await call(workflow.path, 'answer=n8n&write=1');
		// 2.x keeps no static data in an execution's workflow snapshot (toWorkflowSnapshot), and a worker
		// reloads it only for a resumed execution (scaling/job-processor.js): it runs on {} and saves that,
		// dropping what activation (triggerStarts) and the webhook call saved.
		expect(await settled(workflow.id, 2)).toEqual(queue && v2 ? { execute: 1 } : { execute: 2, webhook: 1, triggerStarts: 1 });
	});

	it("execute(): n8n's dedupe store works in the trigger's own execute(), across executions", async () => {
		const workflow = await probeWorkflow('probe: dedupe store');
		const key = `lead:${crypto.randomUUID()}`;
		await call(workflow.path, `answer=n8n&key=${key}`);
		await n8n.waitForExecutions(workflow.id, 1, 60_000);
		await call(workflow.path, `answer=self&key=${key}`);
		const runs = await n8n.waitForExecutions(workflow.id, 2, 60_000, { includeData: true });
		const seen = runs
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((run) => (nodeOutput(run, 'Probe Trigger')[0] as { seenBefore?: boolean } | undefined)?.seenBefore);
		expect(runs.every((run) => run.status === 'success')).toBe(true);
		expect(seen).toEqual([false, true]);
	});

	it(`trigger(): a cron tick saves nothing; an emit saves the trigger's copy; a second emit with the same deduplication key ${v2 ? 'starts nothing but still saves' : 'starts another execution (1.x has no such key)'}`, async () => {
		const workflow = await probeWorkflow('probe: trigger', '3,6');
		await n8n.waitForExecutions(workflow.id, 1, 60_000);
		// Ticks 7 to 12 pass without an emit.
		await sleep(12_000);
		const counters = await saved(workflow.id);
		expect(counters.triggerStarts).toBeGreaterThanOrEqual(1);
		expect(counters.emits).toBe(2);
		expect(counters.ticks).toBe(6);
		expect(await n8n.listExecutions({ workflowId: workflow.id })).toHaveLength(v2 ? 1 : 2);
		await n8n.deactivateWorkflow(workflow.id);
	});
});
