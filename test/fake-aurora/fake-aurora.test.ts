/**
 * Behaviour of the fake Aurora server itself. If these fail, end-to-end results built on the
 * fake cannot be trusted, so each documented Aurora behaviour the fake imitates has a check.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { RETRY_LADDER_MS } from '../../devkit/fake-aurora/deliveries';
import { DEFAULT_TENANT_ID, DEFAULT_TOKEN, OTHER_TENANT_ID, OTHER_TENANT_TOKEN, RESTRICTED_TOKEN, startFakeAurora } from '../../devkit/fake-aurora/server';
import { fakeApi, startReceiver, useFakeAurora } from './support';

jest.setTimeout(15_000);

const aurora = useFakeAurora();
const { call, subscribe } = fakeApi(() => aurora.fake.url);

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('waitFor timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
}

describe('auth and tenant scoping', () => {
	it('answers 401 without a token or with an unknown one', async () => {
		for (const token of [null, 'sk_sand_not_a_real_token']) {
			const res = await call('GET', '', { token });
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ error: 'Unauthorized: missing or invalid API token' });
		}
	});

	it('retrieves the tenant with a valid token', async () => {
		const res = await call('GET', '');
		expect(res.status).toBe(200);
		expect(res.json.tenant).toEqual({ id: DEFAULT_TENANT_ID, name: expect.any(String) });
	});

	it("answers 404 for another tenant's path and objects", async () => {
		expect((await call('GET', '/webhooks', { tenantId: OTHER_TENANT_ID })).status).toBe(404);
		const other = await call('POST', '/webhooks', {
			token: OTHER_TENANT_TOKEN,
			tenantId: OTHER_TENANT_ID,
			body: { webhook: { event: 'lead_created', url_template: 'https://example.com/hook' } },
		});
		expect(other.status).toBe(200);
		const mine = await call('GET', `/webhooks/${other.json.webhook.id}`);
		expect(mine.status).toBe(404);
		expect(mine.json).toEqual({ error: 'Not Found' });
		expect((await call('GET', '/webhooks')).json.webhooks).toEqual([]);
	});

	it('tells unknown paths (404) from wrong verbs (405)', async () => {
		expect((await call('GET', '/nope')).status).toBe(404);
		expect((await call('GET', `/leads/${randomUUID()}`)).status).toBe(404);
		const res = await call('DELETE', '/projects');
		expect(res.status).toBe(405);
		expect(res.headers.allow).toContain('GET');
	});

	it('lets a restricted rk_ key read but not write', async () => {
		expect((await call('GET', '/webhooks', { token: RESTRICTED_TOKEN })).status).toBe(200);
		const res = await call('POST', '/projects', { token: RESTRICTED_TOKEN, body: { project: { address: '1 Main St' } } });
		expect(res.status).toBe(403);
		expect(aurora.fake.store.tenant(DEFAULT_TENANT_ID)?.projects.size).toBe(0);
	});

	it('answers 401 to a revoked key until it is restored (or the fake is reset)', async () => {
		expect(await aurora.admin.revokeToken(DEFAULT_TOKEN)).toEqual({ tenantId: DEFAULT_TENANT_ID, restricted: false, revoked: true });
		const revoked = await call('GET', '/leads');
		expect(revoked.status).toBe(401);
		expect(revoked.json).toEqual({ error: 'Unauthorized: missing or invalid API token' });
		expect((await call('GET', '', { token: OTHER_TENANT_TOKEN, tenantId: OTHER_TENANT_ID })).status).toBe(200);
		expect(await aurora.admin.restoreToken(DEFAULT_TOKEN)).toMatchObject({ revoked: false });
		expect((await call('GET', '/leads')).status).toBe(200);

		await aurora.admin.revokeToken(RESTRICTED_TOKEN);
		expect((await call('GET', '/leads', { token: RESTRICTED_TOKEN })).status).toBe(401);
		await aurora.admin.reset();
		expect((await call('GET', '/leads', { token: RESTRICTED_TOKEN })).status).toBe(200);

		await expect(aurora.admin.revokeToken('sk_sand_never_issued')).rejects.toMatchObject({ status: 404 });
		await expect(aurora.admin.restoreToken(undefined as never)).rejects.toMatchObject({ status: 400 });
	});

	it('logs requests with a masked token, never the full one', async () => {
		await call('GET', '/leads');
		const log = await aurora.admin.requests();
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ method: 'GET', path: `/tenants/${DEFAULT_TENANT_ID}/leads`, status: 200, token: 'sk_sand_…' });
		expect(JSON.stringify(log)).not.toContain(DEFAULT_TOKEN);
	});
});

describe('envelopes', () => {
	it('returns Retrieve Lead bare by default and wrapped on request', async () => {
		const lead = await aurora.admin.createLead({ customer: { customer_first_name: 'Jane' } });
		const bare = await call('GET', `/leads/${lead.id}`);
		expect(bare.json).toMatchObject({ id: lead.id, project_id: null, customer: { customer_first_name: 'Jane', customer_email: expect.stringContaining('@example.com') } });
		expect(bare.json).toHaveProperty('module_count');
		await aurora.admin.configure({ leadEnvelope: 'wrapped' });
		expect((await call('GET', `/leads/${lead.id}`)).json).toEqual({ lead: bare.json });
	});

	it('creates, reads and updates projects in {"project": ...}', async () => {
		expect((await call('POST', '/projects', { body: { project: { name: 'no place' } } })).status).toBe(422);
		expect((await call('POST', '/projects', { body: { address: '1 Main St' } })).status).toBe(422);
		const created = await call('POST', '/projects', { body: { project: { latitude: 37.7, longitude: -122.4, customer_first_name: 'Ann' } } });
		expect(created.status).toBe(200);
		const id = created.json.project.id;
		expect(created.json.project).toMatchObject({ location: { latitude: 37.7, longitude: -122.4 }, project_type: 'residential' });
		expect((await call('GET', `/projects/${id}`)).json.project.id).toBe(id);
		const updated = await call('PUT', `/projects/${id}`, { body: { project: { status: 'Sold' } } });
		expect(updated.json.project).toMatchObject({ id, status: 'Sold', customer_first_name: 'Ann' });
		expect(aurora.fake.store.events.map((e) => e.event)).toEqual(['project_created', 'project_status_changed']);
	});

	it('converts a lead once (409 afterwards) and serves the inherited design', async () => {
		const lead = await aurora.admin.createLead();
		const res = await call('POST', `/leads/${lead.id}/convert`, { body: { project: { status: 'Remote Assessment' } } });
		expect(res.status).toBe(200);
		const project = res.json.project;
		expect(project).toMatchObject({ property_address: lead.address, customer_email: lead.customer.customer_email, status: 'Remote Assessment' });
		expect((await call('GET', `/leads/${lead.id}`)).json.project_id).toBe(project.id);
		expect((await call('POST', `/leads/${lead.id}/convert`)).status).toBe(409);

		const designs = (await call('GET', `/projects/${project.id}/designs`)).json.designs;
		expect(designs).toHaveLength(1);
		const summary = (await call('GET', `/designs/${designs[0].id}/summary`)).json.design;
		expect(summary).toMatchObject({ design_id: designs[0].id, project_id: project.id, system_size_stc: lead.system_size_stc });
		expect(summary.bill_of_materials[0]).toEqual({ id: expect.any(String), name: expect.any(String), component_type: 'modules', quantity: lead.module_count });
		expect((await call('GET', `/designs/${designs[0].id}/pricing`)).json.pricing).toMatchObject({ design_id: designs[0].id, system_price: expect.any(Number) });
	});
});

describe('paging', () => {
	it('pages with page/per_page in created order, empty past the end', async () => {
		await aurora.admin.seedLeads(7);
		const pages: string[][] = [];
		for (let page = 1; page <= 4; page++) {
			pages.push((await call('GET', `/leads?page=${page}&per_page=3`)).json.leads.map((l: { id: string }) => l.id));
		}
		expect(pages.map((p) => p.length)).toEqual([3, 3, 1, 0]);
		expect(new Set(pages.flat()).size).toBe(7);
		expect((await call('GET', '/leads?per_page=3')).json.leads.map((l: { id: string }) => l.id)).toEqual(pages[0]);
		expect((await call('GET', '/leads?page=0')).status).toBe(422);
	});

	it('caps per_page at maxPerPage and can simulate a server that ignores paging', async () => {
		await aurora.admin.seedLeads(300);
		expect((await call('GET', '/leads?per_page=1000')).json.leads).toHaveLength(250);
		expect((await call('GET', '/leads')).json.leads).toHaveLength(100);
		await aurora.admin.configure({ ignorePaging: true, defaultPerPage: 10 });
		const a = (await call('GET', '/leads?page=1&per_page=5')).json.leads;
		const b = (await call('GET', '/leads?page=2&per_page=5')).json.leads;
		expect(a).toHaveLength(10);
		expect(b).toEqual(a);
	});

	it('seeds 10,000 leads and pages through them', async () => {
		expect(await aurora.admin.seedLeads(10_000)).toBe(10_000);
		expect((await call('GET', '/leads?page=40&per_page=250')).json.leads).toHaveLength(250);
	});
});

describe('webhook subscriptions', () => {
	it('supports create, list, retrieve, partial PUT and DELETE', async () => {
		const created = await call('POST', '/webhooks', {
			body: { webhook: { event: 'lead_created', url_template: 'https://n8n.example.com/hook?lead_id=<LEAD_ID>', description: 'n8n', header_auth_key: 'X-Aurora-Webhook-Token', header_auth_value: 's3cret' } },
		});
		expect(created.status).toBe(200);
		const hook = created.json.webhook;
		expect(hook).toMatchObject({ event: 'lead_created', enabled: true, header_auth_key: 'X-Aurora-Webhook-Token', created_at: expect.any(String) });
		expect(hook).not.toHaveProperty('header_auth_value');
		expect((await call('GET', '/webhooks')).json.webhooks).toEqual([hook]);
		expect((await call('GET', `/webhooks/${hook.id}`)).json.webhook).toEqual(hook);
		const put = await call('PUT', `/webhooks/${hook.id}`, { body: { webhook: { enabled: false } } });
		expect(put.json.webhook).toEqual({ ...hook, enabled: false });
		const del = await call('DELETE', `/webhooks/${hook.id}`);
		expect(del.status).toBe(204);
		expect(del.text).toBe('');
		expect((await call('DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
		expect((await call('GET', `/webhooks/${hook.id}`)).status).toBe(404);
	});

	it('rejects invalid subscriptions with 422 and echoes the secret only when configured', async () => {
		const bad = [
			{ event: ['lead_created', 'lead_changed'], url_template: 'https://example.com/h' },
			{ url_template: 'https://example.com/h' },
			{ event: 'lead_created', url_template: 'ftp://example.com/h' },
			{ event: 'lead_created' },
		];
		for (const webhook of bad) expect((await call('POST', '/webhooks', { body: { webhook } })).status).toBe(422);
		await aurora.admin.configure({ webhookSecretEcho: 'echo' });
		const id = await subscribe('lead_created', 'https://example.com/h', { header_auth_key: 'X-T', header_auth_value: 'v' });
		expect((await call('GET', `/webhooks/${id}`)).json.webhook.header_auth_value).toBe('v');
		expect((await aurora.admin.subscriptions(DEFAULT_TENANT_ID))[0]).toMatchObject({ id, header_auth_value: 'v', tenant_id: DEFAULT_TENANT_ID });
	});
});

describe('subscriptions changed behind the client\'s back', () => {
	it('PATCH /__admin/subscriptions/{id} changes fields the API then shows and deliveries obey', async () => {
		const rx = await startReceiver();
		try {
			const id = await subscribe('lead_created', `${rx.base}/h?lead_id=<LEAD_ID>`, { header_auth_key: 'X-T', header_auth_value: 'old' });
			const disabled = await aurora.admin.updateSubscription(id, { enabled: false });
			expect(disabled).toMatchObject({ id, enabled: false, event: 'lead_created', header_auth_value: 'old', tenant_id: DEFAULT_TENANT_ID });
			expect((await call('GET', `/webhooks/${id}`)).json.webhook.enabled).toBe(false);
			expect(await aurora.admin.fire('lead_created', { LEAD_ID: 'while-disabled' })).toBe(0);

			expect(await aurora.admin.updateSubscription(id, { enabled: true, header_auth_value: 'new' })).toMatchObject({ enabled: true, header_auth_value: 'new' });
			expect(await aurora.admin.fire('lead_created', { LEAD_ID: 'after' })).toBe(1);
			await aurora.fake.deliveries.idle();
			expect(rx.received.map((r) => [r.url, r.headers['x-t']])).toEqual([['/h?lead_id=after', 'new']]);

			await expect(aurora.admin.updateSubscription(id, { enabled: 'no' as never })).rejects.toMatchObject({ status: 400 });
			await expect(aurora.admin.updateSubscription(id, { enabeld: false } as never)).rejects.toMatchObject({ status: 400 });
			await expect(aurora.admin.updateSubscription(randomUUID(), { enabled: false })).rejects.toMatchObject({ status: 404 });
			expect((await aurora.admin.subscriptions())[0]).toMatchObject({ id, enabled: true });
		} finally {
			await rx.close();
		}
	});

	it('auto-disables a subscription whose deliveries keep failing, when autoDisableAfterMs is set', async () => {
		await expect(aurora.admin.configure({ autoDisableAfterMs: -1 })).rejects.toMatchObject({ status: 400 });
		// Ladder at 0.001: retries after 30 ms, 300 ms, 1.8 s, ...; without auto-disable there would be 6 attempts.
		await aurora.admin.configure({ timeScale: 0.001, autoDisableAfterMs: 150 });
		const rx = await startReceiver(() => ({ status: 500 }));
		try {
			const id = await subscribe('lead_created', `${rx.base}/h?lead_id=<LEAD_ID>`);
			await aurora.admin.fire('lead_created', { LEAD_ID: 'a' });
			await aurora.fake.deliveries.idle({ includeRetries: true });
			const attempts = await aurora.admin.deliveries({ webhookId: id });
			expect(attempts.length).toBeGreaterThan(1);
			expect(attempts.length).toBeLessThan(RETRY_LADDER_MS.length + 1);
			expect(attempts.map((a) => a.autoDisabled ?? false)).toEqual([...attempts.slice(1).map(() => false), true]);
			expect(attempts[attempts.length - 1].nextRetryInMs).toBeNull();
			expect((await call('GET', `/webhooks/${id}`)).json.webhook.enabled).toBe(false);
			expect(await aurora.admin.fire('lead_created', { LEAD_ID: 'b' })).toBe(0);
			expect(rx.received).toHaveLength(attempts.length);
		} finally {
			await rx.close();
		}
	});

	it('starts counting again after a success', async () => {
		// Each event fails twice (30 ms apart), then succeeds 300 ms later. Counted from the first
		// failure, the second event's failures would come more than 250 ms after it.
		await aurora.admin.configure({ timeScale: 0.001, autoDisableAfterMs: 250 });
		const rx = await startReceiver((n) => (n % 3 === 0 ? { status: 200 } : { status: 500 }));
		try {
			const id = await subscribe('lead_created', `${rx.base}/h`);
			await aurora.admin.fire('lead_created', { LEAD_ID: 'a' });
			await aurora.fake.deliveries.idle({ includeRetries: true });
			await aurora.admin.fire('lead_created', { LEAD_ID: 'b' });
			await aurora.fake.deliveries.idle({ includeRetries: true });
			expect((await aurora.admin.deliveries({ webhookId: id })).map((a) => [a.attempt, a.ok, a.autoDisabled ?? false])).toEqual([
				[1, false, false],
				[2, false, false],
				[3, true, false],
				[1, false, false],
				[2, false, false],
				[3, true, false],
			]);
			expect((await aurora.admin.subscriptions())[0].enabled).toBe(true);
		} finally {
			await rx.close();
		}
	});
});

describe('deliveries', () => {
	it('sends a GET with filled tokens and the auth header to enabled matching subscriptions only', async () => {
		const rx = await startReceiver();
		try {
			await subscribe('lead_created', `${rx.base}/hook?aurora_event=lead_created&lead_id=<LEAD_ID>&project=<PROJECT_ID>`, { header_auth_key: 'X-Aurora-Webhook-Token', header_auth_value: 's3cret' });
			await subscribe('lead_created', `${rx.base}/disabled`, { enabled: false });
			await subscribe('lead_changed', `${rx.base}/changed?lead_id=<LEAD_ID>`);
			const lead = await aurora.admin.createLead();
			await aurora.fake.deliveries.idle();
			expect(rx.received).toHaveLength(1);
			expect(rx.received[0]).toMatchObject({ method: 'GET', url: `/hook?aurora_event=lead_created&lead_id=${lead.id}&project=` });
			expect(rx.received[0].headers['x-aurora-webhook-token']).toBe('s3cret');
			expect(aurora.fake.store.deliveries[0]).toMatchObject({ event: 'lead_created', attempt: 1, status: 200, ok: true, nextRetryInMs: null });

			await aurora.admin.changeLead(lead.id, { customer: { customer_phone: '(415) 555-0199' } });
			await aurora.fake.deliveries.idle();
			expect(rx.received[1].url).toBe(`/changed?lead_id=${lead.id}`);
			expect((await call('GET', `/leads/${lead.id}`)).json.customer).toMatchObject({ customer_phone: '(415) 555-0199', customer_first_name: lead.customer.customer_first_name });
		} finally {
			await rx.close();
		}
	});

	it('URL-encodes attributes from /__admin/fire and does not hold up the API response', async () => {
		const rx = await startReceiver(() => ({ status: 200, delayMs: 400 }));
		try {
			await subscribe('project_status_changed', `${rx.base}/s?status=<STATUS>&id=<PROJECT_ID>`);
			expect(await aurora.admin.fire('project_status_changed', { STATUS: 'Sold & Signed', PROJECT_ID: 'p/1' })).toBe(1);
			const project = (await call('POST', '/projects', { body: { project: { address: '1 Main St' } } })).json.project;
			expect((await call('PUT', `/projects/${project.id}`, { body: { project: { status: 'Sold' } } })).status).toBe(200);
			// Had the API waited for its delivery, the receiver's answer (400 ms later) would be recorded by now.
			expect(aurora.fake.store.deliveries.filter((delivery) => delivery.url.includes(project.id))).toEqual([]);
			await aurora.fake.deliveries.idle();
			expect(rx.received.map((r) => r.url)).toEqual(['/s?status=Sold%20%26%20Signed&id=p%2F1', `/s?status=Sold&id=${project.id}`]);
		} finally {
			await rx.close();
		}
	});

	it('handles 50 concurrent deliveries', async () => {
		const rx = await startReceiver(() => ({ status: 204, delayMs: 50 }));
		try {
			for (let i = 0; i < 50; i++) await subscribe('lead_created', `${rx.base}/h${i}?lead_id=<LEAD_ID>`);
			await aurora.admin.createLead();
			await aurora.fake.deliveries.idle();
			expect(rx.received).toHaveLength(50);
			expect(aurora.fake.store.deliveries.every((d) => d.ok)).toBe(true);
		} finally {
			await rx.close();
		}
	});

	it('walks the scaled retry ladder and gives up after 5 retries', async () => {
		aurora.fake.config.timeScale = 0.000005;
		const rx = await startReceiver(() => ({ status: 500 }));
		try {
			const id = await subscribe('lead_created', `${rx.base}/h?lead_id=<LEAD_ID>`);
			await aurora.admin.createLead();
			await aurora.fake.deliveries.idle({ includeRetries: true });
			const attempts = aurora.fake.store.deliveries.filter((d) => d.webhookId === id);
			expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
			expect(attempts.map((a) => a.nextRetryInMs)).toEqual([...RETRY_LADDER_MS.map((ms) => Math.round(ms * 0.000005)), null]);
			expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
			expect(attempts.every((a) => a.status === 500 && !a.ok)).toBe(true);
			expect(rx.received).toHaveLength(6);
		} finally {
			await rx.close();
		}
	});

	it('retries until success, stops for disabled subscriptions and counts timeouts as failures', async () => {
		aurora.fake.config.timeScale = 0.0001;
		aurora.fake.config.deliveryTimeoutMs = 100;
		const rx = await startReceiver((n) => (n === 1 ? { status: 200, delayMs: 1_000 } : n === 2 ? { status: 302 } : { status: 200 }));
		try {
			await subscribe('lead_created', `${rx.base}/ok`);
			await aurora.admin.fire('lead_created', { LEAD_ID: 'x' });
			await aurora.fake.deliveries.idle({ includeRetries: true });
			expect(aurora.fake.store.deliveries.map((d) => [d.attempt, d.status ?? d.error, d.ok])).toEqual([
				[1, 'timeout after 100 ms', false],
				[2, 302, false],
				[3, 200, true],
			]);

			const failing = await startReceiver(() => ({ status: 503 }));
			try {
				aurora.fake.config.timeScale = 0.01; // first retry after 300 ms, time enough to disable the subscription
				const id = await subscribe('lead_changed', `${failing.base}/fail`);
				await aurora.admin.fire('lead_changed', { LEAD_ID: 'y' });
				await waitFor(() => (failing.received.length === 1 ? true : undefined));
				await call('PUT', `/webhooks/${id}`, { body: { webhook: { enabled: false } } });
				await aurora.fake.deliveries.idle({ includeRetries: true });
				expect(failing.received).toHaveLength(1);
			} finally {
				await failing.close();
			}
		} finally {
			await rx.close();
		}
	});

	it("records the answer's Retry-After header and the start of its body", async () => {
		const rx = await startReceiver((n) => (n === 1 ? { status: 503, headers: { 'retry-after': '30' } } : { status: 200 }));
		try {
			aurora.fake.config.timeScale = 0.000005;
			await subscribe('lead_created', `${rx.base}/h`);
			await aurora.admin.fire('lead_created', { LEAD_ID: 'x' });
			await aurora.fake.deliveries.idle({ includeRetries: true });
			expect((await aurora.admin.deliveries()).map((d) => [d.status, d.retryAfter, d.answer])).toEqual([
				[503, '30', 'ok'],
				[200, undefined, 'ok'],
			]);
		} finally {
			await rx.close();
		}
	});

	it('records connection errors and lets reset cancel pending retries', async () => {
		const rx = await startReceiver();
		await rx.close(); // nothing listens on that port any more
		await subscribe('lead_created', `${rx.base}/gone`);
		await aurora.admin.fire('lead_created', { LEAD_ID: 'z' });
		await aurora.fake.deliveries.idle();
		expect(aurora.fake.store.deliveries[0]).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED'), nextRetryInMs: 30_000 });
		expect(aurora.fake.deliveries.pendingRetries).toBe(1);
		await aurora.admin.reset();
		expect(aurora.fake.deliveries.pendingRetries).toBe(0);
	});

	it('records but does not deliver implicit events when autoDeliver is off', async () => {
		const rx = await startReceiver();
		try {
			await subscribe('lead_created', `${rx.base}/h`);
			await aurora.admin.configure({ autoDeliver: false });
			await aurora.admin.createLead();
			await aurora.fake.deliveries.idle();
			expect(rx.received).toHaveLength(0);
			expect(await aurora.admin.events()).toMatchObject([{ event: 'lead_created', matched: 1, delivered: false }]);
			expect(await aurora.admin.fire('lead_created', { LEAD_ID: 'manual' })).toBe(1);
			await aurora.fake.deliveries.idle();
			expect(rx.received).toHaveLength(1);
		} finally {
			await rx.close();
		}
	});

	it('close() cancels retry timers so the process can exit', async () => {
		const other = await startFakeAurora();
		const tenant = other.store.tenant(other.tenantId);
		tenant?.webhooks.set('w1', { id: 'w1', event: 'lead_created', url_template: 'http://127.0.0.1:9/x', description: null, enabled: true, header_auth_key: null, header_auth_value: null, created_at: new Date().toISOString() });
		other.fire('lead_created', { LEAD_ID: 'a' });
		await waitFor(() => (other.deliveries.pendingRetries === 1 ? true : undefined));
		await other.close();
		expect(other.deliveries.pendingRetries).toBe(0);
	});
});

describe('faults', () => {
	it('answers an injected status with Retry-After for the given number of times', async () => {
		const rule = await aurora.admin.addFault({ path: '/leads', kind: 'status', status: 503, retryAfter: '2', times: 1 });
		const first = await call('GET', '/leads');
		expect(first.status).toBe(503);
		expect(first.headers['retry-after']).toBe('2');
		expect(first.json.error).toEqual(expect.any(String));
		expect((await call('GET', '/leads')).status).toBe(200);
		expect((await aurora.admin.faults()).find((f) => f.id === rule.id)?.hits).toBe(1);
	});

	it('applies before auth, only to matching method/path, never to admin routes', async () => {
		await aurora.admin.addFault({ method: 'POST', path: '/webhooks$', kind: 'status', status: 500 });
		expect((await call('POST', '/webhooks', { token: null, body: {} })).status).toBe(500);
		expect((await call('GET', '/webhooks', { token: null })).status).toBe(401);
		await aurora.admin.addFault({ path: '.*', kind: 'status', status: 502 });
		expect(await aurora.admin.health()).toBe(true);
		await aurora.admin.clearFaults();
		expect((await call('GET', '/webhooks')).status).toBe(200);
	});

	it('serves garbage, adds latency, resets and holds sockets', async () => {
		await aurora.admin.addFault({ path: '/leads$', kind: 'garbage', times: 1 });
		const garbage = await call('GET', '/leads');
		expect(garbage.status).toBe(200);
		expect(garbage.headers['content-type']).toBe('application/json');
		expect(garbage.text).toBe('<html>oops');

		await aurora.admin.addFault({ path: '/projects$', kind: 'latency', latencyMs: 150, times: 1 });
		const started = Date.now();
		expect((await call('GET', '/projects')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);

		await aurora.admin.addFault({ path: '/webhooks$', kind: 'reset', times: 1 });
		await expect(call('GET', '/webhooks')).rejects.toThrow();

		await aurora.admin.addFault({ path: '/designs/', kind: 'timeout', times: 1 });
		await expect(request(`${aurora.fake.url}/tenants/${DEFAULT_TENANT_ID}/designs/x`, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });

		const log = await waitFor(() => (aurora.fake.store.requests.length >= 4 ? aurora.fake.store.requests : undefined));
		expect(log.map((r) => [r.status, r.fault])).toEqual([
			[200, 'garbage'],
			[200, 'latency'],
			[0, 'reset'],
			[0, 'timeout'],
		]);
	});

	it('lost-answer: does the work and fires the event, then drops the connection unanswered', async () => {
		const rx = await startReceiver();
		try {
			await subscribe('project_created', `${rx.base}/h?id=<PROJECT_ID>`);
			await aurora.admin.addFault({ method: 'POST', path: '/projects$', kind: 'lost-answer', times: 1 });
			await expect(call('POST', '/projects', { body: { project: { address: '1 Main St' } } })).rejects.toThrow();
			const projects = (await call('GET', '/projects')).json.projects as Array<{ id: string; property_address: string }>;
			expect(projects).toEqual([expect.objectContaining({ property_address: '1 Main St' })]);
			await aurora.fake.deliveries.idle();
			expect(rx.received.map((r) => r.url)).toEqual([`/h?id=${projects[0].id}`]);
			const posts = (await aurora.admin.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/projects'));
			expect(posts.map((r) => [r.status, r.fault])).toEqual([[0, 'lost-answer']]);
			// Only `times` requests lose their answer.
			expect((await call('POST', '/projects', { body: { project: { address: '2 Main St' } } })).status).toBe(200);
		} finally {
			await rx.close();
		}
	});

	it('honours probability', async () => {
		await aurora.admin.addFault({ kind: 'status', status: 500, probability: 0 });
		expect((await call('GET', '/leads')).status).toBe(200);
	});
});

describe('rate limit', () => {
	it('answers 429 with an integer Retry-After per token in a sliding window', async () => {
		await aurora.admin.configure({ rateLimitPerMinute: 3, rateLimitWindowMs: 500 });
		for (let i = 0; i < 3; i++) expect((await call('GET', '/leads')).status).toBe(200);
		const limited = await call('GET', '/leads');
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ error: 'Rate limit exceeded' });
		expect(Number(limited.headers['retry-after'])).toBe(1);
		expect((await call('GET', '/leads', { token: OTHER_TENANT_TOKEN, tenantId: OTHER_TENANT_ID })).status).toBe(200);
		expect(await aurora.admin.health()).toBe(true);
		await new Promise((r) => setTimeout(r, 550));
		expect((await call('GET', '/leads')).status).toBe(200);
	});

	it('reports Retry-After in whole seconds for a real 60 s window', async () => {
		await aurora.admin.configure({ rateLimitPerMinute: 1 });
		expect((await call('GET', '/leads')).status).toBe(200);
		const limited = await call('GET', '/leads');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
		expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
	});
});

describe('admin client and CLI', () => {
	it('creates projects and designs, deletes subscriptions behind the API, rejects bad config', async () => {
		const project = await aurora.admin.createProject({ status: 'Lead' });
		expect(project).toMatchObject({ status: 'Lead', customer_email: expect.stringContaining('@example.com') });
		const design = await aurora.admin.createDesign(project.id, { design: { system_size_stc: 8_000 } });
		expect(design.system_size_stc).toBe(8_000);
		expect((await call('GET', `/designs/${design.id}`)).json.design).toMatchObject({ id: design.id, project_id: project.id });

		const id = await subscribe('lead_created', 'https://example.com/h');
		await aurora.admin.deleteSubscription(id);
		expect((await call('GET', `/webhooks/${id}`)).status).toBe(404);

		await expect(aurora.admin.configure({ leadEnvelope: 'nested' as never })).rejects.toThrow(/400/);
		await expect(aurora.admin.createLead({}, 'not-a-tenant')).rejects.toThrow(/404/);
	});

	it('starts from the CLI, prints one JSON line and stops on SIGTERM', async () => {
		const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
		const child = spawn(tsx, [path.join(__dirname, '..', '..', 'devkit', 'fake-aurora', 'cli.ts'), '--port', '0', '--rate-limit', '90', '--time-scale', '0.001'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const line = await new Promise<string>((resolve, reject) => {
				createInterface({ input: child.stdout }).once('line', resolve);
				child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
			});
			const info = JSON.parse(line) as { url: string; tenantId: string; token: string };
			expect(info).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), tenantId: DEFAULT_TENANT_ID, token: DEFAULT_TOKEN });
			const remote = new FakeAuroraClient(info.url);
			expect((await remote.config()).rateLimitPerMinute).toBe(90);
			expect((await remote.createLead()).id).toEqual(expect.any(String));
		} finally {
			const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	});
});
