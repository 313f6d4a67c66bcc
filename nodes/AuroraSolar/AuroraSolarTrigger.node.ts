import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { eventOptions } from './events';
import { verifyDelivery } from './trigger/delivery';
import { checkSubscriptions, createSubscriptions, deleteSubscriptions, selectedEvents } from './trigger/lifecycle';
import { retrieveObject } from './trigger/retrieve';
import { readSubscriptions } from './trigger/static-data';

/** How long Aurora should wait before redelivering after we could not fetch the object. */
const REDELIVER_AFTER_SECONDS = '30';

function reply(context: IWebhookFunctions, status: number, body: IDataObject, headers: Record<string, string> = {}): IWebhookResponseData {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.status(status).json(body);
	return { noWebhookResponse: true };
}

export class AuroraSolarTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aurora Solar Trigger',
		name: 'auroraSolarTrigger',
		icon: { light: 'file:auroraSolar.svg', dark: 'file:auroraSolar.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly like 1. n8n evaluates an extra expression on every delivery to a start node
		// of typeVersion 1 (a leftover of its Webhook node v1), which costs an expression isolate per
		// delivery; new workflows get 1.1 and skip it. See docs/benchmarks.md.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Aurora Solar fires a webhook event, such as a new lead',
		defaults: { name: 'Aurora Solar Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'auroraSolarApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' }],
		eventTriggerDescription: 'Waiting for Aurora to send an event',
		activationMessage: 'Aurora will now send the selected events to this workflow.',
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: eventOptions(),
				default: ['lead_created'],
				required: true,
				description: 'The Aurora events that start the workflow. Each becomes its own Aurora webhook subscription.',
			},
			{
				displayName: 'Retrieve Details',
				name: 'retrieveDetails',
				type: 'boolean',
				default: true,
				description:
					'Whether to fetch the full object the event is about (the lead for lead events, the project for project events, and so on). Aurora\'s webhooks carry only IDs.',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkSubscriptions.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createSubscriptions.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteSubscriptions.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const verdict = verifyDelivery({
			query: this.getQueryData() as IDataObject,
			headers: this.getHeaderData() as IDataObject,
			subscriptions: readSubscriptions(this.getWorkflowStaticData('node')),
			selectedEvents: selectedEvents(this),
		});
		if (verdict.kind === 'unauthorized') return reply(this, 401, { error: 'Unauthorized' });
		if (verdict.kind === 'ignored') return reply(this, 200, { received: true, ignored: verdict.reason });
		if (verdict.kind === 'invalid') return reply(this, 400, { error: `Bad delivery: ${verdict.reason}` });

		const { definition, attributes, objectId } = verdict;
		const item: IDataObject = { event: definition.event, received_at: new Date().toISOString(), ...attributes };
		if (this.getNodeParameter('retrieveDetails', true) as boolean) {
			const retrieval = await retrieveObject.call(this, definition, objectId);
			if (retrieval.outcome === 'transient') {
				this.logger.warn(`Aurora Solar Trigger: could not retrieve ${definition.fetch.label} ${objectId}; asking Aurora to redeliver. ${retrieval.message}`);
				return reply(
					this,
					503,
					{ error: 'The object could not be retrieved from Aurora yet; please redeliver' },
					{ 'Retry-After': REDELIVER_AFTER_SECONDS },
				);
			}
			if (retrieval.outcome === 'permanent') {
				item[definition.fetch.key] = null;
				item.error = retrieval.message;
			} else {
				item[definition.fetch.key] = retrieval.object;
			}
		}
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
