import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { eventOptions } from './events';
import { receiveDelivery } from './trigger/deliveries/receive';
import { DEFAULT_CHECK_INTERVAL_MINUTES, startSchedule } from './trigger/schedule';
import { checkSubscriptions, createSubscriptions, deleteSubscriptions } from './trigger/subscriptions/lifecycle';

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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Subscription Check Interval (Minutes)',
						name: 'checkIntervalMinutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: DEFAULT_CHECK_INTERVAL_MINUTES,
						description:
							'How often the trigger checks its Aurora subscriptions while the workflow is active, recreating one deleted in Aurora and re-enabling one Aurora disabled. It also checks a few seconds after every start.',
					},
				],
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

	/** The scheduled subscription check; see trigger/schedule.ts for why a webhook trigger has one. */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return startSchedule.call(this);
	}

	/**
	 * Passes the delivery's item on unchanged. n8n executes a start node that has trigger() by calling
	 * trigger() again when the run is manual ("Listen for test event"), which would drop the delivered
	 * item; n8n checks for execute() first (WorkflowExecute.runNode), so this keeps test runs working.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
