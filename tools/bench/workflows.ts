/**
 * The workflows the benchmark compares. All webhooks answer "onReceived" (as soon as the
 * execution has started), which is what the Aurora Solar Trigger does, so the three setups answer
 * at the same point of n8n's pipeline.
 */
import { randomUUID } from 'crypto';

import { TRIGGER_TYPE } from '../../devkit/stack/stack';

type Json = Record<string, unknown>;

function node(name: string, type: string, typeVersion: number, x: number, parameters: Json, extra: Json = {}): Json {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(names: string[]): Json {
	const connections: Json = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

/**
 * (a) The Aurora Solar Trigger with Retrieve Details: the lead arrives in the workflow's first item.
 * `options` is the node's Options collection (the catch-up bench sets catchUp and its interval).
 */
export function triggerSetup(credentialId: string, typeVersion = 1, options?: Json, name = `bench (a) Aurora Solar Trigger v${typeVersion}`): Json {
	return {
		name,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Aurora Solar Trigger', TRIGGER_TYPE, typeVersion, 0, { events: ['lead_created'], retrieveDetails: true, ...(options ? { options } : {}) }, {
				webhookId: randomUUID(),
				credentials: { auroraSolarApi: { id: credentialId, name: 'Aurora' } },
			}),
		],
		connections: {},
	};
}

/**
 * (b) What a user builds without the package: a Webhook (GET, header auth with the delivery
 * secret) and an HTTP Request node fetching the same lead with a bearer token.
 */
export function handBuiltSetup(options: { path: string; headerCredentialId: string; bearerCredentialId: string; fakeUrl: string; tenantId: string }): Json {
	return {
		name: 'bench (b) Webhook + HTTP Request',
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { path: options.path, httpMethod: 'GET', authentication: 'headerAuth', responseMode: 'onReceived', options: {} }, {
				webhookId: randomUUID(),
				credentials: { httpHeaderAuth: { id: options.headerCredentialId, name: 'Aurora delivery secret' } },
			}),
			node('Fetch Lead', 'n8n-nodes-base.httpRequest', 4.2, 220, {
				method: 'GET',
				url: `={{ '${options.fakeUrl}/tenants/${options.tenantId}/leads/' + encodeURIComponent($json.query.lead_id) }}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBearerAuth',
				options: {},
			}, { credentials: { httpBearerAuth: { id: options.bearerCredentialId, name: 'Aurora bearer' } } }),
		],
		connections: chain(['Webhook', 'Fetch Lead']),
	};
}

/** (c) A bare Webhook node that fetches nothing: n8n's floor. */
export function floorSetup(path: string): Json {
	return {
		name: 'bench (c) bare Webhook',
		settings: { executionOrder: 'v1' },
		nodes: [node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { path, httpMethod: 'GET', responseMode: 'onReceived', options: {} }, { webhookId: randomUUID() })],
		connections: {},
	};
}

/** Backfill with the package: Webhook → Aurora Solar Get Many (Return All) → answer with every item. */
export { actionWorkflow as packageBackfill } from '../../devkit/stack/workflows';

/**
 * Backfill by hand: the HTTP Request node's own pagination (page incremented each request,
 * complete when a page holds no leads), then Split Out to one item per lead.
 */
export function httpBackfill(options: { path: string; bearerCredentialId: string; fakeUrl: string; tenantId: string; perPage: number; requestIntervalMs: number }): Json {
	return {
		name: `bench backfill: HTTP Request pagination (per_page ${options.perPage}, interval ${options.requestIntervalMs} ms)`,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, 0, { path: options.path, httpMethod: 'GET', responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: randomUUID() }),
			node('Get Leads', 'n8n-nodes-base.httpRequest', 4.2, 220, {
				method: 'GET',
				url: `${options.fakeUrl}/tenants/${options.tenantId}/leads`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBearerAuth',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'per_page', value: String(options.perPage) }] },
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ $response.body.leads.length === 0 }}',
							requestInterval: options.requestIntervalMs,
						},
					},
				},
			}, { credentials: { httpBearerAuth: { id: options.bearerCredentialId, name: 'Aurora bearer' } } }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 440, { fieldToSplitOut: 'leads', options: {} }),
		],
		connections: chain(['Webhook', 'Get Leads', 'Split Out']),
	};
}
