/**
 * A subscription's delivery secret (header_auth_value, and aurora_secret inside url_template) lets
 * anyone forge events to the trigger. The webhook operations never put it into an output item or an
 * error; they show a fixed mask in its place and leave the rest as Aurora sent it. Used as an AI tool
 * the node runs the same execute path, so the same holds there.
 */
import { TENANT_PATH, WEBHOOK_URL } from '../../support/contexts';
import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { WEBHOOK_ID, allStrings, aurora, byId, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const SECRET = '0123abcd4567ef890123abcd4567ef890123abcd4567ef890123abcd4567ef89';
const OTHER_SECRET = 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210';
const OTHER_WEBHOOK_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const TEMPLATE = `${WEBHOOK_URL}?aurora_event=lead_created&lead_id=<LEAD_ID>`;
const MASKED_URL = `${TEMPLATE}&aurora_secret=[hidden]`;

/** A subscription as the trigger creates it, as Aurora would send it back. */
function subscription(id = WEBHOOK_ID, secret = SECRET) {
	return {
		id,
		event: 'lead_created',
		url_template: `${TEMPLATE}&aurora_secret=${secret}`,
		description: 'n8n: workflow "Leads to Sheets" (wf-42), node "Aurora Solar Trigger", lead_created',
		enabled: true,
		header_auth_key: 'X-Aurora-Webhook-Secret',
		header_auth_value: secret,
	};
}

function masked(id = WEBHOOK_ID) {
	return { ...subscription(id), url_template: MASKED_URL, header_auth_value: '[hidden]' };
}

const GET = { resource: 'webhook', operation: 'get', webhookId: byId(WEBHOOK_ID) };
const GET_MANY = { resource: 'webhook', operation: 'getAll', returnAll: false, limit: 2 };
const UPDATE = { resource: 'webhook', operation: 'update', webhookId: byId(WEBHOOK_ID), updateFields: { enabled: true } };
const DELETE = { resource: 'webhook', operation: 'delete', webhookId: byId(WEBHOOK_ID) };
const CREATE = {
	resource: 'webhook',
	operation: 'create',
	event: 'lead_created',
	urlTemplate: `${TEMPLATE}&aurora_secret=${SECRET}`,
	additionalFields: { header_auth_key: 'X-Aurora-Webhook-Secret', header_auth_value: SECRET },
};

function expectNoSecret(value: unknown): void {
	for (const text of allStrings(value)) {
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(OTHER_SECRET);
	}
}

describe('outputs mask the delivery secret', () => {
	it('Webhook → Create', async () => {
		const scope = aurora().post(`${TENANT_PATH}/webhooks`).reply(201, { webhook: subscription() });

		const { output } = await runNode({ parameters: CREATE });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: masked(), pairedItem: { item: 0 } }]);
		expectNoSecret(output);
	});

	it('Webhook → Get', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, { webhook: subscription() });

		const { output } = await runNode({ parameters: GET });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: masked(), pairedItem: { item: 0 } }]);
		expectNoSecret(output);
	});

	it('Webhook → Get Many, each subscription with its own secret', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks`)
			.query({ page: '1', per_page: '2' })
			.reply(200, { webhooks: [subscription(), subscription(OTHER_WEBHOOK_ID, OTHER_SECRET)] });

		const { output } = await runNode({ parameters: GET_MANY });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([masked(), masked(OTHER_WEBHOOK_ID)]);
		expectNoSecret(output);
	});

	it('Webhook → Update', async () => {
		const scope = aurora().put(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, { webhook: subscription() });

		const { output } = await runNode({ parameters: UPDATE });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: masked(), pairedItem: { item: 0 } }]);
		expectNoSecret(output);
	});

	it('keeps the rest of the URL as it is when the secret is not the last parameter', async () => {
		const url = `${WEBHOOK_URL}?aurora_secret=${SECRET}&aurora_event=lead_created&lead_id=<LEAD_ID>#top`;
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, { ...subscription(), url_template: url });

		const { output } = await runNode({ parameters: GET });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json.url_template).toBe(`${WEBHOOK_URL}?aurora_secret=[hidden]&aurora_event=lead_created&lead_id=<LEAD_ID>#top`);
	});

	it('adds no header_auth_value that Aurora did not send, and leaves a URL without a secret alone', async () => {
		const plain = { id: WEBHOOK_ID, event: 'lead_created', url_template: 'https://example.com/aurora?lead_id=<LEAD_ID>', enabled: true };
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(200, plain);

		const { output } = await runNode({ parameters: GET });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(plain);
		expect(output[0].json).not.toHaveProperty('header_auth_value');
	});

	it.each([
		['null', null],
		['empty', ''],
	])('leaves an %s header_auth_value as it is: there is no secret to hide', async (_case, value) => {
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`)
			.reply(200, { ...subscription(), header_auth_value: value });

		const { output } = await runNode({ parameters: GET });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json.header_auth_value).toBe(value);
	});
});

describe('errors never repeat the delivery secret', () => {
	/** An error body quoting the subscription, as a proxy or an over-helpful API might send. */
	const quoting = { webhook: subscription() };

	it('Webhook → Create, when Aurora repeats the secret it was sent, bare', async () => {
		// No header secret in this request: the one in the URL must be redacted on its own.
		const scope = aurora().post(`${TENANT_PATH}/webhooks`).reply(422, { error: `secret ${SECRET} is too long` });

		const error = await runNodeFailure({ parameters: { ...CREATE, additionalFields: {} } });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe('Aurora could not process the request (422): secret [redacted] is too long');
		expectNoSecret(error);
	});

	it('Webhook → Create, when Aurora quotes the subscription', async () => {
		const scope = aurora().post(`${TENANT_PATH}/webhooks`).reply(422, quoting);

		const error = await runNodeFailure({ parameters: CREATE });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toContain('Aurora could not process the request (422)');
		expectNoSecret(error);
	});

	it('Webhook → Update, when Aurora quotes the subscription', async () => {
		const scope = aurora().put(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(409, quoting);

		const error = await runNodeFailure({ parameters: UPDATE });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toContain('Aurora reported a conflict (409)');
		expectNoSecret(error);
	});

	it('Webhook → Get, whose request carried no secret, when Aurora quotes one', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(409, quoting);

		const error = await runNodeFailure({ parameters: GET });

		expect(scope.isDone()).toBe(true);
		// Aurora's text is cut at 500 characters, here inside the secret: what is left of it is masked too.
		expect(error.message).toMatch(/"header_auth_value":"\[hidden\]$/);
		expect(error.message).toContain('aurora_secret=[hidden]');
		expectNoSecret(error);
	});

	it('Webhook → Get Many, when a 5xx that ran out of retries quotes a delivery URL', async () => {
		const scope = aurora()
			.get(`${TENANT_PATH}/webhooks`)
			.query(true)
			.times(BUDGETS.action.maxAttempts)
			.reply(500, { error: `could not render ${TEMPLATE}&aurora_secret=${SECRET}` });

		const error = await runNodeFailure({ parameters: GET_MANY });

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(`Aurora had a server error (500) and the retries ran out: could not render ${MASKED_URL}`);
		expectNoSecret(error);
	});

	it('Webhook → Delete, when Aurora quotes the subscription', async () => {
		const scope = aurora().delete(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(409, quoting);

		const error = await runNodeFailure({ parameters: DELETE });

		expect(scope.isDone()).toBe(true);
		expectNoSecret(error);
	});

	it('under continueOnFail, the error item does not carry the secret either', async () => {
		const scope = aurora().get(`${TENANT_PATH}/webhooks/${WEBHOOK_ID}`).reply(409, quoting);

		const { output } = await runNode({ parameters: GET, continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json.error).toContain('[hidden]');
		expectNoSecret(output);
	});
});
