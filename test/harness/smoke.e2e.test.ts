/**
 * Smoke test of the real-n8n harness itself. It does not need our package to be built: it uses
 * n8n's own Webhook node and a throwaway community package generated on the fly.
 *
 *   npx jest --config jest.e2e.config.js --runInBand test/harness
 *   E2E_N8N_VERSIONS=2.41.1 npx jest ... test/harness      # restrict versions
 *   KEEP_N8N=1 ...                                         # keep user folders / databases
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { http as request, sleep } from '../../devkit/http';
import { installPackageTarball } from '../../devkit/n8n/install-package';
import { disposeAllN8n, N8nInstance } from '../../devkit/n8n/n8n-instance';
import { ensureN8n, ensureRuntime, selectedVersions } from '../../devkit/n8n/runtime-cache';
import { createSmokePackage, removeSmokePackage, type SmokePackage } from './smoke-package';

jest.setTimeout(5 * 60_000);
const INSTALL_TIMEOUT = 20 * 60_000; // a cold runtime install takes ~3.5 min per version

const versions = selectedVersions();

function webhookNode(webhookPath: string, responseMode: 'onReceived' | 'lastNode' = 'onReceived') {
	return {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { path: webhookPath, httpMethod: 'GET', responseMode },
	};
}

/** A webhook-only workflow, with the extra fields an editor export has (the harness strips them). */
function webhookOnlyWorkflow(webhookPath: string) {
	return {
		name: `harness smoke ${webhookPath}`,
		id: 'ignored-id',
		active: true,
		tags: [],
		pinData: {},
		meta: { instanceId: 'x' },
		versionId: crypto.randomUUID(),
		settings: { executionOrder: 'v1' },
		nodes: [webhookNode(webhookPath)],
		connections: {},
	};
}

function webhookToSmokeWorkflow(webhookPath: string, pkg: SmokePackage, label: string) {
	return {
		name: `harness smoke node ${webhookPath}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			webhookNode(webhookPath, 'lastNode'),
			{ id: crypto.randomUUID(), name: 'Smoke Node', type: pkg.nodeType, typeVersion: 1, position: [220, 0], parameters: { label } },
		],
		connections: { Webhook: { main: [[{ node: 'Smoke Node', type: 'main', index: 0 }]] } },
	};
}

let pkg: SmokePackage;
let credServer: http.Server;
let credServerUrl = '';

beforeAll(async () => {
	pkg = await createSmokePackage();
	// target of the smoke credential's test request: 200 for "Bearer good", 401 otherwise
	credServer = http.createServer((req, res) => {
		const ok = req.url === '/check' && req.headers.authorization === 'Bearer good';
		res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ok }));
	});
	await new Promise<void>((r) => credServer.listen(0, '127.0.0.1', () => r()));
	credServerUrl = `http://127.0.0.1:${(credServer.address() as AddressInfo).port}`;
}, INSTALL_TIMEOUT);

afterAll(async () => {
	await disposeAllN8n();
	if (pkg) removeSmokePackage(pkg);
	await new Promise<void>((r) => (credServer ? credServer.close(() => r()) : r()));
});

describe('runtime cache', () => {
	test('is fast once warm', async () => {
		await ensureRuntime(versions); // may install (cold) ...
		const t0 = Date.now();
		await ensureRuntime(versions); // ... but the second call must be a cache hit
		expect(Date.now() - t0).toBeLessThan(2000);
	}, INSTALL_TIMEOUT);
});

describe.each(versions)('n8n %s, regular mode', (version) => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		await ensureN8n(version);
		n8n = new N8nInstance({ version });
		await n8n.start();
		await n8n.setupOwner();
		await n8n.createApiKey();
	}, INSTALL_TIMEOUT);

	afterAll(async () => {
		await n8n?.dispose();
	});

	test('owner, API key and public API are usable', async () => {
		expect(n8n.authCookie).toBeTruthy();
		expect(n8n.apiKey).toBeTruthy();
		expect(n8n.apiKeyScopes).toEqual(expect.arrayContaining(['workflow:create', 'workflow:activate', 'execution:list']));
		const res = await n8n.api<{ data: unknown[] }>('GET', '/workflows');
		expect(Array.isArray(res.data)).toBe(true);
	});

	test('an active Webhook workflow runs when its production URL is called', async () => {
		const wf = await n8n.createWorkflow(webhookOnlyWorkflow('smoke'));
		expect(wf.id).toBeTruthy();
		await n8n.activateWorkflow(wf.id);

		const res = await n8n.callWebhook('smoke');
		expect(res.status).toBe(200);

		const executions = await n8n.waitForExecutions(wf.id, 1, 30_000);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook', workflowId: wf.id });
		const full = await n8n.getExecution(executions[0].id);
		expect(JSON.stringify(full.data)).toContain('"Webhook"');

		await n8n.deactivateWorkflow(wf.id);
		// deregistration is asynchronous too
		let after = await request('GET', n8n.webhookUrl('smoke'));
		for (let i = 0; i < 20 && after.status !== 404; i++) {
			await sleep(250);
			after = await request('GET', n8n.webhookUrl('smoke'));
		}
		expect(after.status).toBe(404);
		await n8n.deleteWorkflow(wf.id);
	});

	test('installPackageTarball: a community package is loaded after a restart and its node and credential work', async () => {
		expect(await n8n.nodeTypeNames()).not.toContain(pkg.nodeType);

		const installed = await installPackageTarball(n8n.userFolder, pkg.tarball);
		expect(installed).toMatchObject({ name: pkg.name, version: pkg.version });

		await n8n.restart();
		await n8n.ensureSession();
		expect(await n8n.nodeTypeNames()).toContain(pkg.nodeType);

		// n8n's own credential tester, as the editor runs it
		await expect(n8n.testCredential({ type: pkg.credentialType, data: { url: credServerUrl, token: 'good' } })).resolves.toEqual({
			status: 'OK',
			message: expect.any(String),
		});
		const bad = await n8n.testCredential({ type: pkg.credentialType, data: { url: credServerUrl, token: 'bad' } });
		expect(bad.status).toBe('Error');

		// the installed node executes inside n8n
		const wf = await n8n.createWorkflow(webhookToSmokeWorkflow('smoke-node', pkg, `regular-${version}`));
		await n8n.activateWorkflow(wf.id);
		const res = await n8n.callWebhook('smoke-node');
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ smoke: true, label: `regular-${version}` });
		await n8n.waitForExecutions(wf.id, 1, 30_000);
	});
});

const queueVersions = versions.filter((v) => v === '2.41.1');

describe.each(queueVersions)('n8n %s, queue mode (main + worker + webhook processor)', (version) => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		await ensureN8n(version);
		n8n = new N8nInstance({ version, mode: 'queue' });
		// all three processes share the user folder, so one install serves them all
		await installPackageTarball(n8n.userFolder, pkg.tarball);
		await n8n.start();
		await n8n.setupOwner();
		await n8n.createApiKey();
	}, INSTALL_TIMEOUT);

	afterAll(async () => {
		await n8n?.dispose();
	});

	test('webhook URLs point at the webhook processor', () => {
		expect(n8n.webhookPort).toBeGreaterThan(0);
		expect(n8n.webhookPort).not.toBe(n8n.port);
		expect(n8n.webhookUrl('x')).toBe(`http://127.0.0.1:${n8n.webhookPort}/webhook/x`);
	});

	test('an active Webhook workflow runs through the webhook processor and a worker', async () => {
		const wf = await n8n.createWorkflow(webhookOnlyWorkflow('smoke'));
		await n8n.activateWorkflow(wf.id);
		const res = await n8n.callWebhook('smoke');
		expect(res.status).toBe(200);
		const executions = await n8n.waitForExecutions(wf.id, 1, 60_000);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });
		// the main process does not serve production webhooks in this setup (N8N_DISABLE_PRODUCTION_MAIN_PROCESS):
		// /webhook/... on main falls through to the editor UI (index.html), and runs nothing
		const onMain = await request('GET', `${n8n.baseUrl}/webhook/smoke`);
		expect(onMain.text).not.toContain('Workflow was started');
		await sleep(1500);
		expect(await n8n.listExecutions({ workflowId: wf.id })).toHaveLength(1);
	});

	test('the community package runs on the worker', async () => {
		const wf = await n8n.createWorkflow(webhookToSmokeWorkflow('smoke-node', pkg, 'queued'));
		await n8n.activateWorkflow(wf.id);
		const res = await n8n.callWebhook('smoke-node');
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ smoke: true, label: 'queued' });
		const [execution] = await n8n.waitForExecutions(wf.id, 1, 60_000, { includeData: true });
		expect(execution.status).toBe('success');
		expect(JSON.stringify(execution.data)).toContain('"Smoke Node"');
	});
});
