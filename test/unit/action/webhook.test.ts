import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AURORA, TENANT_PATH } from '../../support/contexts';
import { WEBHOOK_ID, aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const OTHER_WEBHOOK_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

const WEBHOOK = {
	id: WEBHOOK_ID,
	event: 'lead_created',
	url_template: 'https://n8n.example.com/webhook/abc?lead_id=<LEAD_ID>',
	description: 'Lead Created',
	enabled: true,
};

describe('Webhook → Create', () => {
	it('POSTs /webhooks with {"webhook": {event, url_template, enabled: true}} and returns the subscription', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/webhooks`, {
				webhook: { event: 'lead_created', url_template: 'https://n8n.example.com/webhook/abc?lead_id=<LEAD_ID>', enabled: true },
			})
			.matchHeader('content-type', /application\/json/)
			.reply(201, { webhook: WEBHOOK });

		const { output } = await runNode({
			parameters: {
				resource: 'webhook',
				operation: 'create',
				event: 'lead_created',
				urlTemplate: '  https://n8n.example.com/webhook/abc?lead_id=<LEAD_ID> ',
				additionalFields: {},
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: WEBHOOK, pairedItem: { item: 0 } }]);
	});

	it('adds the Additional Fields under Aurora’s own names, lets Enabled be switched off, and drops blanks', async () => {
		const scope = aurora()
			.post(`${TENANT_PATH}/webhooks`, {
				webhook: {
					event: 'project_status_changed',
					url_template: 'https://example.com/aurora?project_id=<PROJECT_ID>',
					enabled: false,
					description: 'Status changes',
					header_auth_key: 'X-Webhook-Secret',
					header_auth_value: 's3cret',
				},
			})
			.reply(201, { ...WEBHOOK, event: 'project_status_changed', enabled: false });

		const { output } = await runNode({
			parameters: {
				resource: 'webhook',
				operation: 'create',
				event: 'project_status_changed',
				urlTemplate: 'https://example.com/aurora?project_id=<PROJECT_ID>',
				additionalFields: {
					description: 'Status changes',
					enabled: false,
					header_auth_key: 'X-Webhook-Secret',
					header_auth_value: 's3cret',
				},
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ ...WEBHOOK, event: 'project_status_changed', enabled: false });
	});

	it('accepts a bare subscription in the answer', async () => {
		const scope = aurora().post(`${TENANT_PATH}/webhooks`).reply(201, WEBHOOK);

		const { output } = await runNode({
			parameters: { resource: 'webhook', operation: 'create', event: 'lead_created', urlTemplate: WEBHOOK.url_template, additionalFields: {} },
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(WEBHOOK);
	});
});

describe('Webhook → Get', () => {
	it('GETs /webhooks/{id} and unwraps {"webhook": {...}}', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, { webhook: WEBHOOK });

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: WEBHOOK, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare subscription', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, WEBHOOK);

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(WEBHOOK);
	});
});

describe('Webhook → Get: an empty answer', () => {
	it('an empty 200 fails clearly after one request, instead of returning a blank webhook', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, '');
		let count = 0;
		scope.on('request', () => count++);

		const error = await runNodeFailure({ parameters: { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(count).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("Aurora's answer holds no webhook");
		expect(error.description).toContain('The response succeeded but had no "webhook" object or array in it.');
		expect(error.httpCode).toBeNull();
		expect(error.context?.itemIndex).toBe(0);
	});

	it.each([
		['an empty body', ''],
		['{}', {}],
		['{"webhook": {}}', { webhook: {} }],
	])('under continueOnFail, %s becomes an error item paired with its input', async (_case, body) => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, body as never);

		const { output } = await runNode({ continueOnFail: true, parameters: { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { error: "Aurora's answer holds no webhook", description: expect.stringContaining('"webhook"') },
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Webhook → Get Many', () => {
	it('with Return All, pages through {"webhooks": [...]} and returns each subscription as one item', async () => {
		const second = { ...WEBHOOK, id: 'w-2', event: 'lead_changed' };
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks`)
			.query({ page: '1', per_page: '250' })
			.reply(200, { webhooks: [WEBHOOK, second] })
			.get(`${TENANT_PATH}/webhooks`)
			.query({ page: '2', per_page: '250' })
			.reply(200, { webhooks: [] });

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'getAll', returnAll: true } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: WEBHOOK, pairedItem: { item: 0 } },
			{ json: second, pairedItem: { item: 0 } },
		]);
	});

	it('with a Limit, sends per_page = limit and accepts a bare array', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks`).query({ page: '1', per_page: '1' }).reply(200, [WEBHOOK]);

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 1 } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: WEBHOOK, pairedItem: { item: 0 } }]);
	});
});

describe('Webhook → Update', () => {
	it('PUTs /webhooks/{id} with {"webhook": {"enabled": false}} to disable a subscription', async () => {
		const scope = aurora()
			.put(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`, { webhook: { enabled: false } })
			.matchHeader('content-type', /application\/json/)
			.reply(200, { webhook: { ...WEBHOOK, enabled: false } });

		const { output } = await runNode({
			parameters: { resource: 'webhook', operation: 'update', webhookId: byId(WEBHOOK_ID), updateFields: { enabled: false } },
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { ...WEBHOOK, enabled: false }, pairedItem: { item: 0 } }]);
	});

	it('sends the changed event and URL template under Aurora’s names, leaving blanks out', async () => {
		const scope = aurora()
			.put(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`, {
				webhook: { event: 'lead_changed', url_template: 'https://example.com/new?lead_id=<LEAD_ID>' },
			})
			.reply(200, { ...WEBHOOK, event: 'lead_changed' });

		const { output } = await runNode({
			parameters: {
				resource: 'webhook',
				operation: 'update',
				webhookId: byId(WEBHOOK_ID),
				updateFields: { event: 'lead_changed', url_template: 'https://example.com/new?lead_id=<LEAD_ID>', description: '' },
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ ...WEBHOOK, event: 'lead_changed' });
	});

	it.each([
		['no fields', {}],
		['only blank fields', { description: '', url_template: '' }],
	])('refuses an update with %s and sends nothing', async (_case, updateFields) => {
		const scope = nock(AURORA).put(/.*/).reply(200, {});

		const error = await runNodeFailure({
			parameters: { resource: 'webhook', operation: 'update', webhookId: byId(WEBHOOK_ID), updateFields },
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Nothing to update');
		expect(error.description).toBe('Add at least one field under Update Fields.');
		expect(error.requests).toHaveLength(0);
		expect(scope.isDone()).toBe(false);
	});
});

describe('Webhook → Delete', () => {
	it('DELETEs /webhooks/{id} and returns {deleted: true} on 204 No Content', async () => {
		const scope = aurora().delete(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(204);

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
	});

	it('returns {deleted: true} when Aurora answers 200 with the deleted subscription', async () => {
		const scope = aurora().delete(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, { webhook: WEBHOOK });

		const { output } = await runNode({ parameters: { resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) } });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
	});

	it('deletes one subscription per input item, each result paired with its item', async () => {
		const scope = aurora()
			.delete(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`)
			.reply(204)
			.delete(`${TENANT_PATH}/webhooks/${OTHER_WEBHOOK_ID}`)
			.reply(204);

		const { output } = await runNode({
			parameters: [
				{ resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) },
				{ resource: 'webhook', operation: 'delete', webhookId: byId(OTHER_WEBHOOK_ID) },
			],
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: { deleted: true }, pairedItem: { item: 0 } },
			{ json: { deleted: true }, pairedItem: { item: 1 } },
		]);
	});
});
