/**
 * The fake Slack Web API (devkit/fake-slack): the calls n8n's Slack node v2 makes to post a message,
 * and the way n8n reaches it (HTTPS through a CONNECT proxy, a CA it trusts, a bot token).
 */
import { readFileSync } from 'node:fs';

import { ProxyAgent, request } from 'undici';

import { startFakeSlack, type FakeSlack } from '../../devkit/fake-slack/server';
import { SlackWorkspace } from '../../devkit/fake-slack/workspace';

describe('Slack workspace model', () => {
	it('resolves a channel by ID or by name with or without #', () => {
		const workspace = new SlackWorkspace(['solar-designs']);
		const [channel] = workspace.channels;
		expect(channel.id).toMatch(/^C[0-9A-F]{10}$/);
		expect(workspace.channel('#solar-designs')).toBe(channel);
		expect(workspace.channel('solar-designs')).toBe(channel);
		expect(workspace.channel(channel.id)).toBe(channel);
		expect(() => workspace.channel('#elsewhere')).toThrow('channel_not_found');
	});

	it('gives every message its own increasing ts and refuses an empty one', () => {
		const workspace = new SlackWorkspace(['general']);
		const first = workspace.postMessage({ channel: '#general', text: 'a' });
		const second = workspace.postMessage({ channel: '#general', text: 'b' });
		expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
		expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
		expect(() => workspace.postMessage({ channel: '#general', text: '' })).toThrow('no_text');
		expect(() => workspace.postMessage({ text: 'x' })).toThrow('channel_not_found');
	});

	it('takes only a channel ID in conversations.info, as Slack does', () => {
		const workspace = new SlackWorkspace(['general']);
		expect(workspace.conversationsInfo({ channel: workspace.channels[0].id })).toMatchObject({ ok: true, channel: { name: 'general' } });
		expect(() => workspace.conversationsInfo({ channel: '#general' })).toThrow('channel_not_found');
	});
});

describe('fake Slack through its proxy', () => {
	let slack: FakeSlack;
	let agent: ProxyAgent;

	beforeAll(async () => {
		slack = await startFakeSlack({ latencyMs: 0 });
		agent = new ProxyAgent({ uri: slack.proxyUrl, requestTls: { ca: readFileSync(slack.env.NODE_EXTRA_CA_CERTS) } });
	});

	afterAll(async () => {
		await agent.close();
		await slack.close();
	});

	async function call(method: string, init: { token?: string; json?: unknown; form?: Record<string, string>; query?: string; httpMethod?: string } = {}) {
		const headers: Record<string, string> = {};
		if (init.token) headers.authorization = `Bearer ${init.token}`;
		let body: string | undefined;
		if (init.json !== undefined) {
			headers['content-type'] = 'application/json; charset=utf-8';
			body = JSON.stringify(init.json);
		} else if (init.form) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			body = new URLSearchParams(init.form).toString();
		}
		const response = await request(`https://slack.com/api/${method}${init.query ? `?${init.query}` : ''}`, {
			method: init.httpMethod ?? (body === undefined ? 'GET' : 'POST'),
			dispatcher: agent,
			headers,
			body,
		});
		return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
	}

	it('posts a message as n8n does (JSON, bearer token, channel by name) and records it as sent', async () => {
		const channelId = slack.channels.find((channel) => channel.name === 'solar-designs')?.id;
		const posted = await call('chat.postMessage', { token: slack.token, json: { channel: '#solar-designs', text: 'New design ready' } });
		expect(posted.status).toBe(200);
		expect(posted.body).toMatchObject({ ok: true, channel: channelId, message: { type: 'message', text: 'New design ready' } });
		expect(posted.body.ts).toEqual((posted.body.message as { ts: string }).ts);
		const [message] = await slack.waitForMessages(1, 1000);
		expect(message).toMatchObject({ channel: '#solar-designs', channelId, text: 'New design ready', ts: posted.body.ts });
		expect(slack.token).toMatch(/^xoxb-fake-/);
		expect(slack.credential.accessToken).toBe(slack.token);
		expect(slack.requests.at(-1)).toMatchObject({ httpMethod: 'POST', path: '/api/chat.postMessage', apiMethod: 'chat.postMessage', status: 200, ok: true });
	});

	it('takes a form body with blocks as JSON text and the token in the body', async () => {
		const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Design* done' } }];
		const posted = await call('chat.postMessage', { form: { token: slack.token, channel: 'general', text: 'fallback', blocks: JSON.stringify(blocks) } });
		expect(posted.body).toMatchObject({ ok: true, message: { blocks } });
		expect(slack.messages.at(-1)).toMatchObject({ channel: 'general', text: 'fallback', blocks });
	});

	it('answers a wrong or missing token like Slack: HTTP 200, ok false, and records nothing', async () => {
		const before = slack.messages.length;
		const wrong = await call('chat.postMessage', { token: 'xoxb-not-this-one', json: { channel: '#general', text: 'x' } });
		expect(wrong).toEqual({ status: 200, body: { ok: false, error: 'invalid_auth' } });
		expect((await call('auth.test', { httpMethod: 'POST' })).body).toEqual({ ok: false, error: 'not_authed' });
		expect(slack.messages).toHaveLength(before);
		expect(slack.requests.at(-1)).toMatchObject({ apiMethod: 'auth.test', ok: false, error: 'not_authed' });
	});

	it('answers the credential test, auth.test and the channel lookups', async () => {
		expect((await call('users.profile.get', { token: slack.token })).body).toMatchObject({ ok: true });
		expect((await call('auth.test', { token: slack.token, httpMethod: 'POST' })).body).toMatchObject({ ok: true, user: 'aurora-bot', team_id: expect.stringMatching(/^T/) });
		const list = await call('conversations.list', { token: slack.token, query: 'types=public_channel&limit=100' });
		expect((list.body.channels as Array<{ name: string }>).map((channel) => channel.name)).toEqual(['general', 'solar-designs', 'solar-leads']);
		const info = await call('conversations.info', { token: slack.token, query: `channel=${slack.channels[0].id}` });
		expect(info.body).toMatchObject({ ok: true, channel: { id: slack.channels[0].id, name: 'general' } });
		expect((await call('chat.postMessage', { token: slack.token, json: { channel: '#nowhere', text: 'x' } })).body).toEqual({ ok: false, error: 'channel_not_found' });
		expect((await call('chat.delete', { token: slack.token, json: {} })).body).toEqual({ ok: false, error: 'unknown_method' });
	});

	it('times out waiting for messages that never come, naming what it saw', async () => {
		await expect(slack.waitForMessages(99, 50)).rejects.toThrow(/of 99 messages after 50 ms \(requests: chat\.postMessage ok/);
	});

	it('refuses to tunnel anywhere else', async () => {
		await expect(request('https://example.com/', { dispatcher: agent })).rejects.toThrow();
		await expect(request('https://slack.com:8443/api/auth.test', { dispatcher: agent })).rejects.toThrow();
		expect(slack.refusedHosts).toEqual(expect.arrayContaining(['example.com:443', 'slack.com:8443']));
	});
});
