import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { eventOptions, findEvent } from './events';
import { CREDENTIAL_TYPE } from './transport/context';
import { asNodeError } from './transport/node-error';
import { verifyDelivery } from './trigger/delivery';
import { unreachableReason } from './trigger/reachability';
import { retrieveObject } from './trigger/retrieve';
import type { StoredSubscriptions } from './trigger/static-data';
import { readSubscriptions, writeSubscriptions } from './trigger/static-data';
import {
	createSubscription,
	findLeftovers,
	inspectSubscription,
	removalError,
	removeAll,
} from './trigger/subscriptions';

/** How long Aurora should wait before redelivering after we could not fetch the object. */
const REDELIVER_AFTER_SECONDS = '30';

function selectedEvents(context: IHookFunctions | IWebhookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	return [...new Set(Array.isArray(events) ? events : [])];
}

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
		version: 1,
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
			/**
			 * n8n calls this at every activation and restart. True only when every selected event has a
			 * stored subscription that still exists, is enabled and delivers here with our secret;
			 * otherwise everything of ours is removed so that create() starts clean.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const staticData = this.getWorkflowStaticData('node');
				const stored = readSubscriptions(staticData);
				const events = selectedEvents(this);
				const storedEvents = Object.keys(stored);
				let healthy =
					events.length > 0 &&
					events.length === storedEvents.length &&
					events.every((event) => stored[event] !== undefined);
				for (const event of healthy ? events : []) {
					if ((await inspectSubscription.call(this, stored[event], webhookUrl)) !== 'healthy') {
						healthy = false;
						break;
					}
				}
				if (healthy) return true;

				const leftovers = await findLeftovers.call(this, webhookUrl, new Set());
				const failures = await removeAll.call(this, [...Object.values(stored).map((subscription) => subscription.id), ...leftovers]);
				if (failures.length > 0) throw removalError.call(this, failures);
				writeSubscriptions(staticData, {});
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				const problem = unreachableReason(webhookUrl, String(credentials.environment ?? 'production'));
				if (problem) {
					throw new NodeOperationError(this.getNode(), `Aurora cannot deliver to this n8n: ${problem}`, {
						description:
							"Set N8N_WEBHOOK_URL (WEBHOOK_URL on older n8n versions) to n8n's public HTTPS address, for example behind a reverse proxy or a tunnel, then activate the workflow again.",
					});
				}
				const events = selectedEvents(this);
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'No event selected', {
						description: 'Choose at least one Aurora event under Events.',
					});
				}
				const staticData = this.getWorkflowStaticData('node');
				const created: StoredSubscriptions = {};
				try {
					for (const event of events) {
						const definition = findEvent(event);
						if (!definition) {
							throw new NodeOperationError(this.getNode(), `"${event}" is not an Aurora event this node knows`, {
								description: 'Remove it from Events; the list shows every supported event.',
							});
						}
						created[event] = await createSubscription.call(this, definition, webhookUrl);
						// Saved as we go, so a failure halfway still leaves a record of what exists remotely.
						writeSubscriptions(staticData, created);
					}
					// A create that Aurora processed but whose answer we lost, then retried, leaves a twin.
					const keep = new Set(Object.values(created).map((subscription) => subscription.id));
					const twins = await findLeftovers.call(this, webhookUrl, keep);
					const failures = await removeAll.call(this, twins);
					if (failures.length > 0) throw removalError.call(this, failures);
				} catch (error) {
					// Roll back, so a failed activation leaves no subscription firing at a dead workflow.
					const failures = await removeAll.call(this, Object.values(created).map((subscription) => subscription.id));
					if (failures.length === 0) writeSubscriptions(staticData, {});
					throw asNodeError(this.getNode(), error);
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const staticData = this.getWorkflowStaticData('node');
				const stored = readSubscriptions(staticData);
				const storedIds = Object.values(stored).map((subscription) => subscription.id);
				const leftovers = await findLeftovers.call(this, webhookUrl, new Set(storedIds));
				const failures = await removeAll.call(this, [...storedIds, ...leftovers]);
				if (failures.length > 0) throw removalError.call(this, failures);
				writeSubscriptions(staticData, {});
				return true;
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
