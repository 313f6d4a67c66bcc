/**
 * The action node in a real n8n, on both versions:
 *
 * - Create Project whose answer is lost after Aurora created the project (the connection breaks
 *   once Aurora has done the work): the execution fails saying the project may have been created,
 *   and Aurora holds exactly one new project, not two;
 * - Webhook → Get Many (Return All) after the trigger subscribed, with Aurora echoing every
 *   subscription's secret: the items are all there, and no delivery secret appears anywhere in the
 *   execution data, the answer n8n gives or its log;
 * - the sales loop's writes: Design Request → Create and → Accept whose answers are lost after Aurora
 *   acted (one request, one object, an execution that says to check), Get Many through 429s, a
 *   consumption profile update Aurora keeps refusing with 409, a restricted key (403), and items of
 *   another tenant or with a broken id beside a good one, each ending as an item with its error.
 */
import { randomUUID } from 'crypto';

import { request } from 'undici';

import { OTHER_TENANT_ID, RESTRICTED_TOKEN } from '../../devkit/fake-aurora/config';
import type { Project } from '../../devkit/fake-aurora/types';
import type { ExecutionSummary } from '../../devkit/n8n/n8n-instance';
import { nodeError, nodeOutput } from '../e2e/support/execution-data';
import { logOffset, logSince } from '../e2e/support/n8n-log';
import { actionWorkflow } from '../../devkit/stack/workflows';
import { findLeaks } from './support/leaks';
import type { Json } from './support/live';
import { activeTrigger, nextRequestIndex } from './support/live';
import { StackFlow, describeFlows, flowsFor } from './support/flows';
import type { Outcome, ScenarioRow } from './support/scenario';
import { check } from './support/scenario';

const ACTION = 'Aurora Solar';
const MASK = '[hidden]';

type ScenarioKey = 'lost-answer' | 'secrets' | 'design-request-lost' | 'accept-lost' | 'rate-limited' | 'conflict' | 'restricted' | 'item-errors';

const ROWS: Record<ScenarioKey, ScenarioRow> = {
	'lost-answer': {
		id: 'create-project-answer-lost',
		failure: 'Create Project: Aurora creates the project, then the connection breaks before its answer (fault lost-answer, once)',
	},
	secrets: {
		id: 'webhook-get-many-secrets',
		failure: "Webhook → Get Many (Return All) with Aurora echoing every subscription's secret (header_auth_value and url_template)",
	},
	'design-request-lost': {
		id: 'create-design-request-answer-lost',
		failure: 'Design Request → Create: Aurora creates the request, then the connection breaks before its answer (fault lost-answer, once)',
	},
	'accept-lost': {
		id: 'accept-design-request-answer-lost',
		failure: 'Design Request → Accept: Aurora accepts and adds the design, then the connection breaks before its answer (fault lost-answer, once)',
	},
	'rate-limited': {
		id: 'design-requests-get-many-rate-limited',
		failure: 'Design Request → Get Many while Aurora answers 429 with Retry-After: 1, twice',
	},
	conflict: {
		id: 'consumption-profile-update-conflict',
		failure: 'Consumption Profile → Update while Aurora answers 409 to every PUT',
	},
	restricted: {
		id: 'restricted-key-writes',
		failure: 'Design Request → Create with a restricted key (rk_…, reads only): Aurora answers 403',
	},
	'item-errors': {
		id: 'design-request-item-errors',
		failure: "Design Request → Create for three items (On Error: Continue): a project of this tenant, one of another tenant, and a broken id",
	},
};

class Flow extends StackFlow<ScenarioKey> {
	protected async observe(): Promise<void> {
		await this.scenario('lost-answer', () => this.lostAnswer());
		await this.scenario('secrets', () => this.secrets());
		await this.scenario('design-request-lost', () => this.designRequestLost());
		await this.scenario('accept-lost', () => this.acceptLost());
		await this.scenario('rate-limited', () => this.rateLimited());
		await this.scenario('conflict', () => this.conflict());
		await this.scenario('restricted', () => this.restricted());
		await this.scenario('item-errors', () => this.itemErrors());
	}

	/** The run's error message and description, and its items. */
	private static failureOf(execution: ExecutionSummary): { error: string; description: string; output: Json[] } {
		const runError = (execution.data as { resultData?: { error?: { message?: string; description?: string } } } | undefined)?.resultData?.error;
		return { error: nodeError(execution, ACTION) ?? '', description: String(runError?.description ?? ''), output: nodeOutput(execution, ACTION) };
	}

	/** The requests Aurora saw since `since` with this method whose path matches. */
	private async seen(since: number, method: string, path: RegExp) {
		return (await this.admin.requests(since)).filter((entry) => entry.method === method && path.test(entry.path));
	}

	private static shown(entries: Array<{ status: number; fault?: string }>): string {
		return entries.map((entry) => (entry.fault === 'lost-answer' ? 'handled, answer lost' : String(entry.status))).join(', ');
	}

	/** A creating request of the sales loop whose answer is lost: one request, one object, and an execution that says to check. */
	private async designRequestLost(): Promise<Outcome> {
		const project = await this.admin.createProject({ name: `Lost request ${randomUUID().slice(0, 8)}` });
		const since = await nextRequestIndex(this.admin);
		await this.admin.addFault({ kind: 'lost-answer', method: 'POST', path: '^/tenants/[^/]+/design_requests$', times: 1 });
		const { answer, execution } = await this.runAction('Faults: design request, answer lost', {
			resource: 'designRequest',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: project.id },
			additionalFields: { notes: 'fault test' },
		});
		await this.admin.clearFaults();
		const posts = await this.seen(since, 'POST', /\/design_requests$/);
		const made = await this.admin.listDesignRequests({ projectId: project.id });
		const { error, description, output } = Flow.failureOf(execution);
		return {
			checks: [
				check('Aurora created the request, and its answer was lost', posts[0]?.fault === 'lost-answer', posts),
				check('the execution failed', execution.status === 'error', execution.status),
				check('its error says the design request may have been created', /design request may have been created/i.test(error), error),
				check('its description says where to check (Design Request → Get Many)', /Design Request → Get Many/.test(description), description),
				check('no item claims a design request', output.length === 0, output),
				check('the request was not repeated', posts.length === 1, Flow.shown(posts)),
				check('Aurora holds exactly one design request for the project', made.length === 1, made.map((request) => request.id)),
			],
			auroraSees: `POST /design_requests ×${posts.length} (${Flow.shown(posts)})`,
			userSees: `execution ${execution.status}: "${error.slice(0, 140)}"; the Webhook caller got ${answer.status}`,
			figures: { createRequests: posts.length, designRequestsCreated: made.length, duplicateRequests: Math.max(0, made.length - 1) },
		};
	}

	/** Accept makes a design: a lost answer must not make a second one, and says how to see what happened. */
	private async acceptLost(): Promise<Outcome> {
		const project = await this.admin.createProject({ name: `Lost accept ${randomUUID().slice(0, 8)}` });
		const { execution: created } = await this.runAction('Faults: design request to accept', {
			resource: 'designRequest',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: project.id },
		});
		const [request] = Flow.failureOf(created).output;
		await this.admin.completeDesignRequest(String(request.id));
		const designsBefore = (await this.projectDesigns(project.id)).length;
		const since = await nextRequestIndex(this.admin);
		await this.admin.addFault({ kind: 'lost-answer', method: 'POST', path: '^/tenants/[^/]+/design_requests/[^/]+/accept$', times: 1 });
		const { execution } = await this.runAction('Faults: accept, answer lost', {
			resource: 'designRequest',
			operation: 'accept',
			designRequestId: { __rl: true, mode: 'id', value: String(request.id) },
		});
		await this.admin.clearFaults();
		const posts = await this.seen(since, 'POST', /\/accept$/);
		const [after] = await this.admin.listDesignRequests({ projectId: project.id });
		const designsAfter = (await this.projectDesigns(project.id)).length;
		const { error, description } = Flow.failureOf(execution);
		return {
			checks: [
				check('Aurora accepted, and its answer was lost', posts[0]?.fault === 'lost-answer', posts),
				check('the execution failed, saying the design may have been created', execution.status === 'error' && /may have been created/i.test(error), error),
				check('its description says to check with Design Request → Get', /Design Request → Get\b/.test(description), description),
				check('the accept was not repeated', posts.length === 1, Flow.shown(posts)),
				check('the request is accepted, naming one new design', after?.status === 'accepted' && typeof after.design_id === 'string', after),
				check('the project has exactly one design more', designsAfter === designsBefore + 1, { designsBefore, designsAfter }),
			],
			auroraSees: `POST /design_requests/{id}/accept ×${posts.length} (${Flow.shown(posts)})`,
			userSees: `execution ${execution.status}: "${error.slice(0, 140)}"`,
			figures: { acceptRequests: posts.length, designsAdded: designsAfter - designsBefore },
		};
	}

	private async projectDesigns(projectId: string): Promise<Json[]> {
		const { fake } = this.live;
		const response = await request(`${fake.url}/tenants/${fake.tenantId}/projects/${projectId}/designs?per_page=250`, { headers: { authorization: `Bearer ${fake.token}` } });
		return ((await response.body.json()) as { designs: Json[] }).designs;
	}

	/** A list read through two 429s: the node waits as Aurora says and the user gets the list. */
	private async rateLimited(): Promise<Outcome> {
		const project = await this.admin.createProject({ name: `Rate limited ${randomUUID().slice(0, 8)}` });
		const { execution: created } = await this.runAction('Faults: a request to list', {
			resource: 'designRequest',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: project.id },
		});
		const [made] = Flow.failureOf(created).output;
		const since = await nextRequestIndex(this.admin);
		await this.admin.addFault({ kind: 'status', status: 429, retryAfter: '1', method: 'GET', path: '/design_requests', times: 2 });
		const { execution } = await this.runAction('Faults: list under 429', {
			resource: 'designRequest',
			operation: 'getAll',
			projectId: { __rl: true, mode: 'id', value: project.id },
			returnAll: true,
		});
		await this.admin.clearFaults();
		const gets = await this.seen(since, 'GET', /\/design_requests$/);
		const { output } = Flow.failureOf(execution);
		return {
			checks: [
				// After the 429s the reader reads on until a page ends the list (it does not trust the page size).
				check('Aurora answered 429 twice, then the list', gets.length >= 3 && gets[0].status === 429 && gets[1].status === 429 && gets.slice(2).every((entry) => entry.status === 200), Flow.shown(gets)),
				check('the execution succeeded', execution.status === 'success', execution.status),
				check('the output is the design request', output.length === 1 && output[0].id === made.id, output),
			],
			auroraSees: `GET /projects/{id}/design_requests ×${gets.length} (${Flow.shown(gets)})`,
			userSees: `execution ${execution.status} with ${output.length} item`,
			figures: { requests: gets.length, rateLimited: gets.filter((entry) => entry.status === 429).length, items: output.length },
		};
	}

	/** Aurora refuses a change with 409 ("try again in a moment") every time: the item fails saying so, after a few tries only. */
	private async conflict(): Promise<Outcome> {
		const project = await this.admin.createProject({ name: `Conflict ${randomUUID().slice(0, 8)}` }, { consumptionProfile: true });
		const since = await nextRequestIndex(this.admin);
		await this.admin.addFault({ kind: 'status', status: 409, method: 'PUT', path: '/consumption_profile$' });
		const { execution } = await this.runAction('Faults: profile update conflict', {
			resource: 'consumptionProfile',
			operation: 'update',
			projectId: { __rl: true, mode: 'id', value: project.id },
			usageInput: 'monthly_energy',
			usageValues: '900, 850, 870, 920, 1100, 1300, 1500, 1450, 1200, 950, 880, 860',
		});
		await this.admin.clearFaults();
		const puts = await this.seen(since, 'PUT', /\/consumption_profile$/);
		const { error, description } = Flow.failureOf(execution);
		return {
			checks: [
				check('the execution failed', execution.status === 'error', execution.status),
				check('its error names the conflict (409)', /409|conflict/i.test(`${error} ${description}`), { error, description }),
				check('its description says to run it again in a moment', /again/i.test(description), description),
				check('the PUT was sent once: a 409 passes with time, not within one call', puts.length === 1, Flow.shown(puts)),
			],
			auroraSees: `PUT /projects/{id}/consumption_profile ×${puts.length} (${Flow.shown(puts)})`,
			userSees: `execution ${execution.status}: "${error.slice(0, 140)}"`,
			figures: { requests: puts.length },
		};
	}

	/** A restricted key (rk_…) may only read: creating fails with words that point at the key. */
	private async restricted(): Promise<Outcome> {
		const { fake } = this.live;
		const credential = await this.live.n8n.createCredential(`Restricted ${randomUUID().slice(0, 8)}`, 'auroraSolarApi', {
			environment: 'custom',
			baseUrl: fake.url,
			apiToken: RESTRICTED_TOKEN,
			tenantId: fake.tenantId,
		});
		const project = await this.admin.createProject({ name: `Restricted ${randomUUID().slice(0, 8)}` });
		const since = await nextRequestIndex(this.admin);
		const { execution } = await this.runAction(
			'Faults: restricted key',
			{ resource: 'designRequest', operation: 'create', projectId: { __rl: true, mode: 'id', value: project.id } },
			{ credentialId: credential.id },
		);
		const posts = await this.seen(since, 'POST', /\/design_requests$/);
		const made = await this.admin.listDesignRequests({ projectId: project.id });
		const { error, description } = Flow.failureOf(execution);
		const leaked = JSON.stringify(execution).includes(RESTRICTED_TOKEN);
		return {
			checks: [
				check('Aurora answered 403', posts.length === 1 && posts[0].status === 403, Flow.shown(posts)),
				check('the execution failed', execution.status === 'error', execution.status),
				check("its words point at the key's permissions", /permission|not allowed|forbidden|restricted|key/i.test(`${error} ${description}`), { error, description }),
				check('nothing was created', made.length === 0, made),
				check('the key appears nowhere in the execution', !leaked),
			],
			auroraSees: `POST /design_requests ×${posts.length} (${Flow.shown(posts)})`,
			userSees: `execution ${execution.status}: "${error.slice(0, 140)}"`,
			figures: { requests: posts.length, created: made.length },
		};
	}

	/** Items that fail beside one that works, with On Error: Continue: one request each that can be sent, an item each. */
	private async itemErrors(): Promise<Outcome> {
		const ours = await this.admin.createProject({ name: `Item errors ${randomUUID().slice(0, 8)}` });
		const theirs = await this.admin.createProject({ name: 'Another installer' }, { tenantId: OTHER_TENANT_ID });
		const since = await nextRequestIndex(this.admin);
		const { execution } = await this.runAction(
			'Faults: item errors',
			{ resource: 'designRequest', operation: 'create', projectId: { __rl: true, mode: 'id', value: '={{ $json.project }}' } },
			{ items: [{ project: ours.id }, { project: theirs.id }, { project: '../webhooks' }], onError: 'continueRegularOutput' },
		);
		const posts = await this.seen(since, 'POST', /\/design_requests$/);
		const { output } = Flow.failureOf(execution);
		const [good, foreign, broken] = output;
		const theirsMade = await this.admin.listDesignRequests({ tenantId: OTHER_TENANT_ID, projectId: theirs.id });
		return {
			checks: [
				check('the execution succeeded with three items', execution.status === 'success' && output.length === 3, { status: execution.status, output }),
				check('the first is the new design request', good?.project_id === ours.id && typeof good.id === 'string' && good.error === undefined, good),
				check("the second is an error that names the other tenant's project", typeof foreign?.error === 'string' && foreign.id === undefined, foreign),
				check('the third is an error about the id, and nothing was sent for it', typeof broken?.error === 'string' && /not an Aurora ID/.test(String(broken.error)) && posts.length === 2, { broken, posts: posts.length }),
				check("nothing was made in the other tenant", theirsMade.length === 0, theirsMade),
			],
			auroraSees: `POST /design_requests ×${posts.length} (${Flow.shown(posts)})`,
			userSees: output.map((item) => (item.error ? `error: ${String(item.error).slice(0, 80)}` : `design request ${String(item.id)}`)).join('; '),
			figures: { items: output.length, itemErrors: output.filter((item) => item.error !== undefined).length, requests: posts.length },
		};
	}

	/** An action workflow (n8n's Webhook → Aurora Solar), activated, called once; its execution and n8n's answer. */
	private async runAction(
		name: string,
		parameters: Json,
		options: { credentialId?: string; items?: Json[]; onError?: string } = {},
	): Promise<{ answer: { status: number; text: string }; execution: ExecutionSummary }> {
		const path = `faults-${randomUUID().slice(0, 8)}`;
		const workflow = await this.live.n8n.createWorkflow(
			actionWorkflow({ name, path, parameters, ...options, credentialId: options.credentialId ?? this.live.credential.id }),
		);
		await this.live.n8n.activateWorkflow(workflow.id);
		const answer = await this.live.n8n.callWebhook(path, { timeoutMs: 120_000 });
		const [execution] = await this.live.n8n.waitForExecutions(workflow.id, 1, 60_000, { includeData: true });
		return { answer: { status: answer.status, text: answer.text }, execution };
	}

	/** Every project Aurora holds, through its API, as a user of Aurora would see them. */
	private async projects(): Promise<Project[]> {
		const { fake } = this.live;
		const response = await request(`${fake.url}/tenants/${fake.tenantId}/projects?per_page=250`, { headers: { authorization: `Bearer ${fake.token}` } });
		return ((await response.body.json()) as { projects: Project[] }).projects;
	}

	/** Scenario 7: Create Project whose answer is lost after Aurora created it. */
	private async lostAnswer(): Promise<Outcome> {
		const address = `${Math.floor(Math.random() * 9000) + 100} Lost Answer Way, Oakland, CA 94607`;
		const before = (await this.projects()).length;
		const since = await nextRequestIndex(this.admin);
		// One network failure after Aurora has acted: a retry would make a second project.
		await this.admin.addFault({ kind: 'lost-answer', method: 'POST', path: '^/tenants/[^/]+/projects$', times: 1 });
		const { answer, execution } = await this.runAction('Faults: create project, answer lost', {
			resource: 'project',
			operation: 'create',
			address,
			additionalFields: { name: `Lost answer ${randomUUID().slice(0, 8)}` },
			simplify: true,
		});
		await this.admin.clearFaults();
		const all = await this.projects();
		const made = all.filter((project) => project.property_address === address);
		const posts = (await this.admin.requests(since)).filter((entry) => entry.method === 'POST' && entry.path.endsWith('/projects'));
		const error = nodeError(execution, ACTION) ?? '';
		const runError = (execution.data as { resultData?: { error?: { message?: string; description?: string } } } | undefined)?.resultData?.error;
		const description = String(runError?.description ?? '');
		const output = nodeOutput(execution, ACTION);
		return {
			checks: [
				check('Aurora created the project, and its answer was lost', posts.length >= 1 && posts[0].status === 0 && posts[0].fault === 'lost-answer', posts),
				check('the execution failed', execution.status === 'error', execution.status),
				check('its error says the project may have been created', /project may have been created/i.test(error), error),
				check('its description says to check before running the item again', /check whether it exists/i.test(description), description),
				check('no item claims a project', output.length === 0, output),
				check('the request was not repeated', posts.length === 1, posts.map((entry) => `${entry.method} ${entry.status} ${entry.fault ?? ''}`)),
				check('Aurora holds exactly one new project', made.length === 1 && all.length === before + 1, { made: made.map((project) => project.id), before, after: all.length }),
			],
			auroraSees: `POST /projects ×${posts.length} (${posts.map((entry) => (entry.fault === 'lost-answer' ? 'handled, answer lost' : String(entry.status))).join(', ')})`,
			userSees: `execution ${execution.status}: "${error.replace(/ at https?:\/\/[^ ]+/, '').slice(0, 160)}"; the Webhook caller got ${answer.status}`,
			figures: { createRequests: posts.length, projectsCreated: made.length, duplicateProjects: Math.max(0, made.length - 1), failedExecutions: execution.status === 'error' ? 1 : 0 },
		};
	}

	/** Scenario 8: Webhook → Get Many, with Aurora echoing the secrets; none may reach the user. */
	private async secrets(): Promise<Outcome> {
		// Aurora's answers carry header_auth_value too, so the node has two secrets per subscription to mask.
		await this.admin.configure({ webhookSecretEcho: 'echo' });
		const trigger = await activeTrigger(this.live, 'Faults: subscriptions to list', ['lead_created', 'lead_changed', 'project_created']);
		const subscriptions = await this.admin.subscriptions();
		const secrets = Object.fromEntries(subscriptions.map((subscription) => [`secret of ${subscription.event}`, String(subscription.header_auth_value)]));
		// What Aurora answers really holds the secrets, so the search below can find a leak.
		const raw = await (await request(`${this.live.fake.url}/tenants/${this.live.fake.tenantId}/webhooks`, { headers: { authorization: `Bearer ${this.live.fake.token}` } })).body.text();
		const inAurorasAnswer = findLeaks({ "Aurora's answer": raw }, secrets).length;
		const offset = logOffset(this.live.n8n);
		const { answer, execution } = await this.runAction('Faults: list subscriptions', { resource: 'webhook', operation: 'getAll', returnAll: true });
		const items = nodeOutput(execution, ACTION);
		const leaks = findLeaks(
			{ 'execution data': JSON.stringify(execution), "n8n's answer to the Webhook caller": answer.text, "n8n's log": logSince(this.live.n8n, offset) },
			secrets,
		);
		const byId = new Map(items.map((item) => [String(item.id), item]));
		const masked = subscriptions.every((subscription) => {
			const item = byId.get(subscription.id);
			return (
				item !== undefined &&
				item.event === subscription.event &&
				item.header_auth_value === MASK &&
				item.url_template === subscription.url_template.replace(/aurora_secret=[^&]*/, `aurora_secret=${MASK}`)
			);
		});
		return {
			checks: [
				check("Aurora's answer holds every secret (the search can find one)", inAurorasAnswer >= subscriptions.length, inAurorasAnswer),
				check('the execution succeeded', execution.status === 'success', execution.status),
				check('one item per subscription, with its id', items.length === subscriptions.length && subscriptions.every((subscription) => byId.has(subscription.id)), items.map((item) => item.id)),
				check('each item has its event, the template with the secret masked, header_auth_value masked', masked, items),
				check('the trigger\'s subscriptions are among them', Object.values(trigger.subscriptions).every((subscription) => byId.has(subscription.id))),
				check('no delivery secret in the execution data, the answer or the log', leaks.length === 0, leaks),
			],
			auroraSees: `GET /webhooks answered 200 with ${subscriptions.length} subscriptions, secrets included`,
			userSees: `${items.length} items (id, event, url_template with aurora_secret=${MASK}, header_auth_value ${MASK}); the Webhook caller got ${answer.status}; ${leaks.length} secrets found`,
			figures: { subscriptions: subscriptions.length, items: items.length, secretsChecked: Object.keys(secrets).length, leaks: leaks.length },
		};
	}
}

const flows = flowsFor((version) => new Flow(version), { queue: false });

describeFlows(flows, 'the action node under faults', (flow) => {
	it('Create Project whose answer is lost after Aurora created it: the execution says it may exist, and Aurora holds one project', () =>
		expect(flow.judge(ROWS['lost-answer'], 'lost-answer')).toEqual([]));

	it('Webhook → Get Many after the trigger subscribed: every subscription is there, no delivery secret anywhere', () =>
		expect(flow.judge(ROWS.secrets, 'secrets')).toEqual([]));

	it('Design Request → Create whose answer is lost: one request in Aurora, an execution that says to check', () =>
		expect(flow.judge(ROWS['design-request-lost'], 'design-request-lost')).toEqual([]));

	it('Design Request → Accept whose answer is lost: accepted once, one new design', () => expect(flow.judge(ROWS['accept-lost'], 'accept-lost')).toEqual([]));

	it('Design Request → Get Many through two 429s: the list arrives', () => expect(flow.judge(ROWS['rate-limited'], 'rate-limited')).toEqual([]));

	it('Consumption Profile → Update refused with 409: the item fails saying to try again, after one request', () =>
		expect(flow.judge(ROWS.conflict, 'conflict')).toEqual([]));

	it('a restricted key: the create fails pointing at the key, nothing is created', () => expect(flow.judge(ROWS.restricted, 'restricted')).toEqual([]));

	it("items of another tenant and with a broken id beside a good one: one item each, the good one created", () =>
		expect(flow.judge(ROWS['item-errors'], 'item-errors')).toEqual([]));
});
