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

import { LISTABLE_EVENTS, eventOptions } from './events';
import { receiveDelivery } from './trigger/deliveries/receive';
import { passOnOnce } from './trigger/delivery-record';
import { DEFAULT_CHECK_INTERVAL_MINUTES, DEFAULT_POLL_INTERVAL_MINUTES } from './trigger/node/settings';
import { startSchedule } from './trigger/schedule';
import { checkExists, create, remove } from './trigger/set-up';

/** The events polling (and the catch-up) can find, by name, for the editor's notice. */
const LISTABLE = LISTABLE_EVENTS.map((definition) => definition.name);

export class AuroraSolarTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aurora Solar Trigger',
		name: 'auroraSolarTrigger',
		icon: { light: 'file:auroraSolar.svg', dark: 'file:auroraSolar.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly like 1. n8n evaluates an extra expression on every delivery to a start node
		// of typeVersion 1 (a leftover of its Webhook node v1), which costs an expression isolate per
		// delivery; new workflows got 1.1 and skip it. See docs/benchmarks.md. 1.2 catches up missed
		// events by default (1 and 1.1 can switch it on under Options).
		version: [1, 1.1, 1.2],
		defaultVersion: 1.2,
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
				displayName: 'Receive Events Via',
				name: 'receiveEventsVia',
				type: 'options',
				options: [
					{
						name: 'Aurora Webhooks',
						value: 'webhooks',
						description: "Instant: Aurora calls n8n's webhook URL, which must be public HTTPS",
					},
					{
						name: 'Polling',
						value: 'polling',
						description: 'Every few minutes n8n lists the objects in Aurora: no public URL needed, no webhook subscription',
					},
				],
				default: 'webhooks',
				description: 'How n8n learns about new events',
			},
			{
				displayName: `Polling finds only these events: ${LISTABLE.join(', ')}. Other selected events are not received.`,
				name: 'pollingNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { receiveEventsVia: ['polling'] } },
			},
			{
				displayName: 'Poll Interval (Minutes)',
				name: 'pollIntervalMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1440 },
				default: DEFAULT_POLL_INTERVAL_MINUTES,
				description: 'How often to list the objects in Aurora. On large tenants the interval stretches so that polling never uses more than a tenth of the API key\'s rate limit.',
				displayOptions: { show: { receiveEventsVia: ['polling'] } },
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
						displayName: 'Catch Up Missed Events',
						name: 'catchUp',
						type: 'boolean',
						default: true,
						description:
							`Whether to list leads and projects in Aurora every check interval and start the workflow for selected events that Aurora could not deliver (n8n down, a subscription disabled, a burst over the rate limit). It finds ${LISTABLE.join(', ')}. Such items carry caught_up: true. On by default from version 1.2.`,
					},
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
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	/** The scheduled subscription check; see trigger/schedule.ts for why a webhook trigger has one. */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return startSchedule.call(this);
	}

	/**
	 * Runs first in every execution the trigger starts. It passes the delivered item on, noting it in
	 * n8n's dedupe store, and drops a caught-up item that a delivery already passed on
	 * (trigger/delivery-record.ts). n8n executes a start node that has trigger() by calling trigger()
	 * again when the run is manual ("Listen for test event"), which would drop the delivered item; n8n
	 * checks for execute() first (WorkflowExecute.runNode), so this also keeps test runs working.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await passOnOnce.call(this)];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
