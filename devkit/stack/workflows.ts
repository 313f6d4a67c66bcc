import { randomUUID } from 'crypto';
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

import type { N8nInstance } from '../n8n/n8n-instance';
import { n8nDir } from '../n8n/runtime-cache';
import { workflowSanitizer } from '../n8n/workflow-schema';
import { ACTION_TYPE, TRIGGER_TYPE } from './stack';

type Json = Record<string, unknown>;
const examplesDir = path.join(__dirname, '..', '..', 'examples');

/** A trigger-only workflow: Aurora Solar Trigger feeding a No Op, so executions hold its output. */
export function triggerWorkflow(options: {
	name: string;
	credentialId: string;
	events: string[];
	retrieveDetails?: boolean;
	/** The trigger's Options collection, e.g. `{ checkIntervalMinutes: 1 }`. */
	options?: Json;
}): Json {
	return {
		name: options.name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Aurora Solar Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					events: options.events,
					retrieveDetails: options.retrieveDetails ?? true,
					...(options.options ? { options: options.options } : {}),
				},
				credentials: { auroraSolarApi: { id: options.credentialId, name: 'Aurora' } },
			},
			{ id: randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'Aurora Solar Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}

/**
 * n8n's Webhook node (GET /<path>) → Aurora Solar action node → respond with every item. Lets a
 * test run an action inside n8n and read the result from the HTTP response. `items` puts a Code node
 * in between that turns the one call into these input items; `onError` is the action node's setting
 * (e.g. `continueRegularOutput`, so each failing item becomes an item with `error`).
 */
export function actionWorkflow(options: { name: string; path: string; credentialId: string; parameters: Json; items?: Json[]; onError?: string }): Json {
	const action = {
		id: randomUUID(),
		name: 'Aurora Solar',
		type: ACTION_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: options.parameters,
		credentials: { auroraSolarApi: { id: options.credentialId, name: 'Aurora' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { path: options.path, httpMethod: 'GET', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	if (!options.items) {
		return {
			name: options.name,
			settings: { executionOrder: 'v1' },
			nodes: [webhook, action],
			connections: { Webhook: { main: [[{ node: 'Aurora Solar', type: 'main', index: 0 }]] } },
		};
	}
	const items = {
		id: randomUUID(),
		name: 'Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: { jsCode: `return ${JSON.stringify(options.items)}.map((json) => ({ json }));` },
	};
	return {
		name: options.name,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, items, action],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Aurora Solar', type: 'main', index: 0 }]] },
		},
	};
}

export function exampleFiles(): string[] {
	return readdirSync(examplesDir).filter((file) => file.endsWith('.json'));
}

/** An example workflow with its credential placeholders pointed at real credentials, fresh webhook ids. */
export function loadExample(file: string, credentials: Record<string, string>): Json {
	const workflow = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as { nodes: Json[]; [key: string]: unknown };
	for (const node of workflow.nodes) {
		if (node.webhookId) node.webhookId = randomUUID();
		const nodeCredentials = node.credentials as Record<string, { id: string; name: string }> | undefined;
		for (const [type, reference] of Object.entries(nodeCredentials ?? {})) {
			if (credentials[type]) reference.id = credentials[type];
		}
	}
	return workflow;
}

/**
 * Saves the workflow through the public API (PUT /api/v1/workflows/{id}), as an API client or a
 * CI deploy would. `change` edits the stored workflow in place. n8n 1.x handles the save of an
 * active workflow as remove + add; n8n 2.x republishes an active workflow (publishIfActive).
 */
export async function saveWorkflow(n8n: N8nInstance, id: string, change: (workflow: Json & { nodes: Json[] }) => void): Promise<Json> {
	const stored = (await n8n.getWorkflow(id)) as Json & { nodes: Json[] };
	change(stored);
	const { name, nodes, connections, settings } = workflowSanitizer(n8nDir(n8n.version))(stored);
	return await n8n.api('PUT', `/workflows/${id}`, { name, nodes, connections, settings });
}
