/**
 * Secrets: the API token and every delivery secret must appear nowhere n8n writes or answers: its
 * log (at debug level), execution data, or any error message. Provoked through every error path:
 * retrieval faults (503 + warning), a deleted lead (item with error), forged deliveries, actions,
 * a trigger activation and n8n's credential test through a proxy that echoes the token back.
 */
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';

import { request } from 'undici';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { sleep } from '../../devkit/http';
import type { AuroraStack } from '../../devkit/stack/stack';
import { startStack } from '../../devkit/stack/stack';
import { hookOf, subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { actionWorkflow, triggerWorkflow } from '../../devkit/stack/workflows';
import type { EchoProxy } from './support/echo-proxy';
import { startEchoProxy } from './support/echo-proxy';
import { findLeaks } from './support/leaks';
import { recordSection } from './support/results';
import { FAULTS_N8N_VERSION, scaled } from './support/scale';

const { scale } = scaled();

describe(`secrets (${scale})`, () => {
	let stack: AuroraStack;
	let admin: FakeAuroraClient;
	let proxy: EchoProxy;
	const messages: Record<string, string> = {};

	beforeAll(async () => {
		stack = await startStack({ version: FAULTS_N8N_VERSION });
		// The most talkative n8n: whatever it logs per request, we want to see.
		await stack.n8n.restart({ N8N_LOG_LEVEL: 'debug' });
		await stack.n8n.ensureSession();
		admin = new FakeAuroraClient(stack.fake.url);
		proxy = await startEchoProxy();
	}, 10 * 60_000);

	afterAll(async () => {
		await stack?.dispose();
		await proxy?.close();
	});

	it('never show the token or a delivery secret in logs, execution data or error messages', async () => {
		// 1. The trigger through its error paths, against the real fake.
		const trigger = await stack.n8n.createWorkflow(triggerWorkflow({ name: 'Secrets trigger', credentialId: stack.credential.id, events: ['lead_created', 'lead_changed'] }));
		await stack.n8n.activateWorkflow(trigger.id);
		await waitFor('two subscriptions', async () => ((await subscriptionsOf(stack.fake.url)).length === 2 ? true : undefined));
		const [created] = (await subscriptionsOf(stack.fake.url)).filter((subscription) => subscription.event === 'lead_created');
		// How often each retrieval fault answered the trigger: 0 would mean that error path was never taken.
		const faultHits: Record<string, number> = {};
		for (const kind of [{ kind: 'status', status: 500 }, { kind: 'status', status: 429, retryAfter: '1' }, { kind: 'garbage' }, { kind: 'status', status: 401 }] as const) {
			await admin.addFault({ ...kind, method: 'GET', path: '/leads/', times: 5 });
			await admin.createLead();
			await sleep(9000);
			faultHits['status' in kind ? `${kind.kind} ${kind.status}` : kind.kind] = (await admin.faults()).reduce((sum, fault) => sum + fault.hits, 0);
			await admin.clearFaults();
		}
		await admin.fire('lead_created', { LEAD_ID: randomUUID() }); // a lead Aurora no longer has: item with error
		const lead = await admin.createLead();
		await admin.changeLead(lead.id, { customer: { customer_email: 'secret-test@example.com' } });
		for (const [name, url, headers] of [
			['wrong secret', `${hookOf(created)}?aurora_event=lead_created&lead_id=${lead.id}&aurora_secret=${'f'.repeat(64)}`, {}],
			['no secret', `${hookOf(created)}?aurora_event=lead_created&lead_id=${lead.id}`, {}],
			['bad id', `${created.url_template.replace('<LEAD_ID>', 'not-a-uuid')}`, {}],
			['unknown event', `${hookOf(created)}?aurora_event=nope&lead_id=${lead.id}`, { 'x-aurora-webhook-secret': String(created.header_auth_value) }],
		] as Array<[string, string, Record<string, string>]>) {
			const response = await request(url, { headers });
			messages[`delivery answer: ${name}`] = `${response.statusCode} ${await response.body.text()}`;
		}
		await waitFor('the deliveries to settle', async () => {
			const state = await admin.deliveryState();
			return state.pendingRetries === 0 && state.inFlight === 0 ? true : undefined;
		}, 120_000);

		// 2. Actions, a trigger activation and the credential test through the echoing proxy.
		const echoing = await stack.n8n.createCredential('Aurora via an echoing proxy', 'auroraSolarApi', {
			environment: 'custom',
			baseUrl: proxy.url,
			apiToken: stack.fake.token,
			tenantId: stack.fake.tenantId,
		});
		const operations: Array<[string, Record<string, unknown>]> = [
			['get lead', { resource: 'lead', operation: 'get', leadId: { __rl: true, mode: 'id', value: lead.id }, simplify: false }],
			['get many leads', { resource: 'lead', operation: 'getAll', returnAll: true, simplify: true }],
			['create project', { resource: 'project', operation: 'create', address: '1 Main St' }],
			['convert lead', { resource: 'lead', operation: 'convert', leadId: { __rl: true, mode: 'id', value: lead.id } }],
			['create webhook', { resource: 'webhook', operation: 'create', event: 'lead_created', urlTemplate: 'https://example.com/hook?id=<LEAD_ID>' }],
		];
		// Requests each proxied step made to the proxy: 0 would mean its message never met the echo.
		const proxied: Record<string, number> = {};
		const countProxied = async (name: string, step: () => Promise<void>) => {
			const before = proxy.exchanges.length;
			await step();
			proxied[name] = proxy.exchanges.length - before;
		};
		for (const [name, parameters] of operations) {
			const path = `secrets-${randomUUID().slice(0, 8)}`;
			const workflow = await stack.n8n.createWorkflow(actionWorkflow({ name: `Secrets ${name}`, path, credentialId: echoing.id, parameters }));
			await stack.n8n.activateWorkflow(workflow.id);
			await countProxied(`action answer: ${name}`, async () => {
				const response = await stack.n8n.callWebhook(path, { timeoutMs: 240_000 });
				messages[`action answer: ${name}`] = `${response.status} ${response.text}`;
			});
		}
		const echoTrigger = await stack.n8n.createWorkflow(triggerWorkflow({ name: 'Secrets trigger via proxy', credentialId: echoing.id, events: ['lead_created'] }));
		await countProxied('activation through the proxy', async () => {
			const activation = await stack.n8n.apiRaw('POST', `/workflows/${echoTrigger.id}/activate`);
			messages['activation through the proxy'] = `${activation.status} ${activation.text}`;
			// n8n 2.x may finish trigger set-up after answering; wait until the trigger has tried to subscribe.
			await waitFor('the subscription attempt through the proxy', async () => (proxy.bodies.some((body) => body.includes('header_auth_value')) ? true : undefined), 60_000);
		});
		// What the editor shows for a failed activation. n8n 2.x (publication service): the failed trigger's
		// errorMessage in the workflow's publication status; older n8n: the stored activation error.
		let activationError = '';
		for (let i = 0; i < 20 && !/Aurora|subscription/i.test(activationError); i++) {
			await sleep(1000);
			const publication = await stack.n8n.restRaw<{ data?: { triggers?: Array<{ errorMessage?: string | null }> } }>('GET', `/workflows/${echoTrigger.id}/publication-status`);
			const stored = await stack.n8n.restRaw<{ data?: string | null }>('GET', `/active-workflows/error/${echoTrigger.id}`);
			const shown = [...(publication.json?.data?.triggers ?? []).map((trigger) => trigger.errorMessage), stored.json?.data];
			activationError = shown.filter((text): text is string => typeof text === 'string' && text !== '').join('\n');
			messages['activation error shown in the editor'] = `publication status: ${publication.status} ${publication.text}\nstored activation error: ${stored.status} ${stored.text}`;
		}
		await countProxied('credential test through the proxy', async () => {
			const test = await stack.n8n.testCredential({ type: 'auroraSolarApi', id: echoing.id, name: 'Aurora via an echoing proxy', data: { environment: 'custom', baseUrl: proxy.url, apiToken: stack.fake.token, tenantId: stack.fake.tenantId } });
			messages['credential test through the proxy'] = `${test.status} ${test.message}`;
		});
		const mismatch = await stack.n8n.testCredential({ type: 'auroraSolarApi', data: { environment: 'production', apiToken: `sk_sand_${randomUUID()}`, tenantId: stack.fake.tenantId } });
		messages['credential test, key for the other environment'] = `${mismatch.status} ${mismatch.message}`;
		await sleep(2000);

		// 3. Everything n8n wrote or answered.
		const executions = await stack.n8n.listExecutions({ includeData: true });
		const secrets: Record<string, string> = { token: stack.fake.token };
		for (const subscription of await admin.subscriptions()) secrets[`secret of ${subscription.event} (${subscription.id.slice(0, 8)})`] = String(subscription.header_auth_value);
		// Secrets of subscriptions the trigger tried to create through the proxy (the proxy echoed them back).
		const sentThroughProxy: Record<string, string> = {};
		for (const body of proxy.bodies) {
			const secret = /"header_auth_value":"([^"]+)"/.exec(body)?.[1];
			if (secret) sentThroughProxy[`secret sent through the proxy (${secret.slice(0, 4)}…)`] = secret;
		}
		Object.assign(secrets, sentThroughProxy);
		const haystacks: Record<string, string> = {
			'n8n log (captured output)': stack.n8n.logs(),
			'n8n log file': readFileSync(stack.n8n.logFile('main'), 'utf8'),
			'execution data': JSON.stringify(executions),
			...messages,
		};
		const leaks = findLeaks(haystacks, secrets);
		// The same search over what the proxy answered: the token and every secret sent through it must be
		// there, or the node had nothing to redact and the check above proves nothing about redaction.
		const echoedSecrets = [...new Set(findLeaks({ 'echo proxy answers': proxy.exchanges.map((exchange) => exchange.answer).join('\n') }, { token: stack.fake.token, ...sentThroughProxy }).map((leak) => leak.secret))];
		const activationErrorShown = /Aurora|subscription/i.test(activationError);
		recordSection({
			section: 'secrets',
			passed: leaks.length === 0 && echoedSecrets.length === 1 + Object.keys(sentThroughProxy).length && Object.values(proxied).every((n) => n > 0) && activationErrorShown,
			scale,
			secretsChecked: Object.keys(secrets).length,
			proxyRequests: proxy.requests,
			echoedSecrets,
			proxied,
			faultHits,
			places: Object.fromEntries(Object.entries(haystacks).map(([where, text]) => [where, text.length])),
			executions: executions.length,
			executionStatuses: executions.reduce<Record<string, number>>((acc, execution) => ({ ...acc, [execution.status]: (acc[execution.status] ?? 0) + 1 }), {}),
			leaks,
			messages: Object.fromEntries(Object.entries(messages).map(([where, text]) => [where, text.slice(0, 400)])),
		});
		// Every error path was really taken.
		expect(Object.entries(faultHits).filter(([, hits]) => hits === 0)).toEqual([]);
		expect(Object.entries(proxied).filter(([, requests]) => requests === 0)).toEqual([]);
		expect(activationError).toMatch(/Aurora|subscription/i);
		// The proxy really echoed the Authorization header and the request body: the secrets were there to leak.
		expect(Object.keys(sentThroughProxy)).not.toEqual([]);
		expect(echoedSecrets.sort()).toEqual(['token', ...Object.keys(sentThroughProxy)].sort());
		expect(executions.length).toBeGreaterThan(5);
		// ...and none of them reached what n8n writes or answers.
		expect(leaks).toEqual([]);
	});
});
