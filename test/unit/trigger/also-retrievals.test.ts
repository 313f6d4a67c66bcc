/**
 * Events whose object of interest is not the one the trigger always retrieved: consumption_profile_changed
 * also retrieves the project's consumption profile (`consumption_profile`), web_proposal_url_created the
 * design's web proposal (`web_proposal`), after the main object. For that extra object: found → the
 * object; 404 (none yet) → null without an error; a failure that passes → 503 + Retry-After so that
 * Aurora redelivers; any other permanent failure → null and `error`.
 *
 * Subscriptions are made by the real create() against the in-memory Aurora, and deliveries are built
 * from the stored url_template exactly as Aurora fills it in (as in webhook.test.ts).
 */
import nock from 'nock';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { nodeKey } from '../../../nodes/AuroraSolar/trigger/node/identity';
import { forgetFreshSecrets } from '../../../nodes/AuroraSolar/trigger/node/secrets';
import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH, TOKEN, hookContext, webhookContext } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import { useNock } from '../../support/nock';
import { RemoteSubscriptions } from './remote-subscriptions';

const trap = useNock({ failOnUnmatched: true });

const trigger = new AuroraSolarTrigger();

const PROJECT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const DESIGN_ID = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

useShortAttemptTimeout(250);

/** An Aurora endpoint the test expects to be called, checked for completeness after the test. */
function aurora(): nock.Scope {
	return trap.expectDone(nock(AURORA).matchHeader('authorization', `Bearer ${TOKEN}`));
}

interface Case {
	event: string;
	/** The token values Aurora fills into the URL template. */
	values: Record<string, string>;
	/** The catalogue attributes the item carries. */
	attributes: IDataObject;
	/** The main object: its path, output key and content. */
	main: { path: string; key: string; object: IDataObject };
	/** The extra object: its path, output key, how the logs name it and its content. */
	extra: { path: string; key: string; logged: string; object: IDataObject };
}

const CASES: Case[] = [
	{
		event: 'consumption_profile_changed',
		values: { PROJECT_ID },
		attributes: { project_id: PROJECT_ID },
		main: { path: `/projects/${PROJECT_ID}`, key: 'project', object: { id: PROJECT_ID, name: 'Lovelace residence', status: 'Sold' } },
		extra: {
			path: `/projects/${PROJECT_ID}/consumption_profile`,
			key: 'consumption_profile',
			logged: `the consumption profile of project ${PROJECT_ID}`,
			object: { project_id: PROJECT_ID, utility_id: 'pge', monthly_energy: [610, 540, 520, 480, 450, 500, 640, 700, 620, 530, 520, 600] },
		},
	},
	{
		event: 'web_proposal_url_created',
		values: { DESIGN_ID, SOURCE: 'api' },
		attributes: { design_id: DESIGN_ID, source: 'api' },
		main: { path: `/designs/${DESIGN_ID}`, key: 'design', object: { id: DESIGN_ID, name: 'Design 1', project_id: PROJECT_ID } },
		extra: {
			path: `/designs/${DESIGN_ID}/web_proposal`,
			key: 'web_proposal',
			logged: `the web proposal of design ${DESIGN_ID}`,
			object: { design_id: DESIGN_ID, url: 'https://v2.aurorasolar.com/e-proposal/abc123', url_expired: false, expires_at: '2030-01-01T00:00:00.000Z' },
		},
	},
];

interface Subscribed {
	staticData: IDataObject;
	delivery(event: string, values?: Record<string, string>): { query: IDataObject; headers: IDataObject };
	secrets: string[];
}

/** Activates the trigger against the in-memory Aurora, then takes Aurora's API away again; static data vouches for deliveries. */
async function subscribe(events: string[]): Promise<Subscribed> {
	const store = new RemoteSubscriptions();
	store.install();
	const hook = hookContext({ parameters: { events } });
	await trigger.webhookMethods.default.create.call(hook);
	forgetFreshSecrets(nodeKey(hook));
	nock.cleanAll();
	const subscriptions = hook.staticData.subscriptions as Record<string, { id: string }>;
	return {
		staticData: hook.staticData,
		delivery: (event, values = {}) => store.deliveryFor(subscriptions[event].id, values),
		secrets: store.all().map((subscription) => String(subscription.header_auth_value)),
	};
}

async function deliver(subscribed: Subscribed, testCase: Case) {
	const { query, headers } = subscribed.delivery(testCase.event, testCase.values);
	const ctx = webhookContext({ query, headers, staticData: subscribed.staticData, parameters: { events: [testCase.event], retrieveDetails: true } });
	const result: IWebhookResponseData = await trigger.webhook.call(ctx);
	return { ctx, result, response: ctx.response };
}

type Outcome = Awaited<ReturnType<typeof deliver>>;

function items(result: IWebhookResponseData): IDataObject[] {
	expect(result.workflowData).toHaveLength(1);
	return result.workflowData![0].map((item) => item.json);
}

/** Neither the API token nor a subscription secret shows anywhere n8n or Aurora could see. */
function expectNoSecrets(outcome: Outcome, subscribed: Subscribed): void {
	const texts = [JSON.stringify(outcome.result), JSON.stringify(outcome.response), ...outcome.ctx.warnings, ...outcome.ctx.errors];
	for (const text of texts) {
		expect(text).not.toContain(TOKEN);
		for (const secret of subscribed.secrets) expect(text).not.toContain(secret);
		expect(text).not.toContain('aurora_secret');
	}
}

describe.each(CASES.map((testCase) => [testCase.event, testCase] as const))('%s', (_event, testCase) => {
	let subscribed: Subscribed;
	beforeEach(async () => {
		subscribed = await subscribe([testCase.event]);
	});

	const mainPath = `${TENANT_PATH}${testCase.main.path}`;
	const extraPath = `${TENANT_PATH}${testCase.extra.path}`;

	it.each([
		['wrapped', true],
		['bare', false],
	])(`the item has the ${testCase.main.key} and the ${testCase.extra.key} (%s), retrieved in that order`, async (_shape, wrapped) => {
		const order: string[] = [];
		const scope = aurora()
			.get(mainPath)
			.reply(200, () => {
				order.push('main');
				return { [testCase.main.key]: testCase.main.object };
			})
			.get(extraPath)
			.reply(200, () => {
				order.push('extra');
				return wrapped ? { [testCase.extra.key]: testCase.extra.object } : testCase.extra.object;
			});

		const outcome = await deliver(subscribed, testCase);

		expect(scope.isDone()).toBe(true);
		expect(order).toEqual(['main', 'extra']);
		expect(outcome.response.status).toBeUndefined(); // n8n answers 200 for a started execution
		expect(items(outcome.result)).toEqual([
			{
				event: testCase.event,
				received_at: expect.any(String),
				...testCase.attributes,
				[testCase.main.key]: testCase.main.object,
				[testCase.extra.key]: testCase.extra.object,
			},
		]);
		expect(outcome.ctx.warnings).toEqual([]);
		expect(outcome.ctx.errors).toEqual([]);
		expectNoSecrets(outcome, subscribed);
	});

	it(`a 404 on the ${testCase.extra.key} (none yet): null, no error, and the execution starts`, async () => {
		aurora().get(mainPath).reply(200, { [testCase.main.key]: testCase.main.object }).get(extraPath).reply(404, { error: 'Not Found' });

		const outcome = await deliver(subscribed, testCase);

		expect(outcome.response.status).toBeUndefined();
		expect(items(outcome.result)).toEqual([
			{
				event: testCase.event,
				received_at: expect.any(String),
				...testCase.attributes,
				[testCase.main.key]: testCase.main.object,
				[testCase.extra.key]: null,
			},
		]);
		expect(outcome.ctx.warnings).toEqual([]);
		expect(outcome.ctx.errors).toEqual([]);
		expectNoSecrets(outcome, subscribed);
	});

	it(`500 on every attempt at the ${testCase.extra.key}: retried within the delivery budget, then 503 + Retry-After and no execution`, async () => {
		const main = aurora().get(mainPath).reply(200, { [testCase.main.key]: testCase.main.object });
		let extraAttempts = 0;
		aurora()
			.get(extraPath)
			.times(BUDGETS.delivery.maxAttempts)
			.reply(() => {
				extraAttempts++;
				return [500, { error: 'Internal error' }];
			});

		const outcome = await deliver(subscribed, testCase);

		expect(main.isDone()).toBe(true);
		expect(extraAttempts).toBe(BUDGETS.delivery.maxAttempts);
		expect(outcome.result).toEqual({ noWebhookResponse: true });
		expect(outcome.response.status).toBe(503);
		expect(outcome.response.headers['retry-after']).toBe('30');
		expect(outcome.response.body).toEqual({ error: 'The object could not be retrieved from Aurora yet; please redeliver' });
		expect(outcome.ctx.warnings).toHaveLength(1);
		expect(outcome.ctx.warnings[0]).toContain(`could not retrieve ${testCase.extra.logged} yet; asking Aurora to redeliver.`);
		expect(outcome.ctx.warnings[0]).toContain('Aurora had a server error (500) and the retries ran out: Internal error');
		expect(outcome.ctx.errors).toEqual([]);
		expectNoSecrets(outcome, subscribed);
	});

	it(`a 500 that recovers at the ${testCase.extra.key}: the item has it`, async () => {
		aurora()
			.get(mainPath)
			.reply(200, { [testCase.main.key]: testCase.main.object })
			.get(extraPath)
			.reply(500, { error: 'Internal error' })
			.get(extraPath)
			.reply(200, { [testCase.extra.key]: testCase.extra.object });

		const outcome = await deliver(subscribed, testCase);

		expect(outcome.response.status).toBeUndefined();
		expect(items(outcome.result)[0][testCase.extra.key]).toEqual(testCase.extra.object);
		expect(outcome.ctx.warnings).toEqual([]);
	});

	it(`a 403 on the ${testCase.extra.key}: null plus an error saying why, and the execution starts`, async () => {
		aurora()
			.get(mainPath)
			.reply(200, { [testCase.main.key]: testCase.main.object })
			.get(extraPath)
			.reply(403, { error: `Key may not read this; token ${TOKEN}` });

		const outcome = await deliver(subscribed, testCase);

		expect(outcome.response.status).toBeUndefined();
		const [item] = items(outcome.result);
		expect(item).toEqual({
			event: testCase.event,
			received_at: expect.any(String),
			...testCase.attributes,
			[testCase.main.key]: testCase.main.object,
			[testCase.extra.key]: null,
			error: expect.stringMatching(/^The API token is not allowed to do this \(403 Forbidden\): Key may not read this; token \[redacted\]\. Restricted keys/),
			httpCode: '403',
		});
		expect(outcome.ctx.warnings).toEqual([]);
		expect(outcome.ctx.errors).toHaveLength(1);
		expect(outcome.ctx.errors[0]).toContain(`could not retrieve ${testCase.extra.logged}; the event is passed on with an error.`);
		expectNoSecrets(outcome, subscribed);
	});

	it(`the ${testCase.main.key} failing for good: an item with its error, and the ${testCase.extra.key} is not asked for`, async () => {
		// The trap fails the test on any request to the extra path: none is registered.
		aurora().get(mainPath).reply(404, { error: 'Not Found' });

		const outcome = await deliver(subscribed, testCase);

		expect(outcome.response.status).toBeUndefined();
		const [item] = items(outcome.result);
		expect(item).toEqual({
			event: testCase.event,
			received_at: expect.any(String),
			...testCase.attributes,
			[testCase.main.key]: null,
			error: expect.stringContaining('was not found (404)'),
			httpCode: '404',
		});
		expect(item).not.toHaveProperty(testCase.extra.key);
		expectNoSecrets(outcome, subscribed);
	});

	it(`the ${testCase.main.key} failing for now: 503, and the ${testCase.extra.key} is not asked for`, async () => {
		aurora().get(mainPath).times(BUDGETS.delivery.maxAttempts).reply(502, 'Bad gateway');

		const outcome = await deliver(subscribed, testCase);

		expect(outcome.result).toEqual({ noWebhookResponse: true });
		expect(outcome.response.status).toBe(503);
		expectNoSecrets(outcome, subscribed);
	});

	it(`with Retrieve Details off: neither the ${testCase.main.key} nor the ${testCase.extra.key} is retrieved`, async () => {
		const { query, headers } = subscribed.delivery(testCase.event, testCase.values);
		const ctx = webhookContext({ query, headers, staticData: subscribed.staticData, parameters: { events: [testCase.event], retrieveDetails: false } });

		const result = await trigger.webhook.call(ctx);

		expect(items(result)).toEqual([{ event: testCase.event, received_at: expect.any(String), ...testCase.attributes }]);
	});
});
