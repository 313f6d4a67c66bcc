import type { INodeProperties } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { createWebhook } from './create';
import { deleteWebhook } from './delete';
import { getWebhook } from './get';
import { getManyWebhooks } from './getMany';
import { updateWebhook } from './update';

export const webhookOperations: Record<string, AuroraOperation> = {
	create: createWebhook,
	delete: deleteWebhook,
	get: getWebhook,
	getAll: getManyWebhooks,
	update: updateWebhook,
};

export const webhookProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a webhook subscription', description: 'Subscribe a URL to one Aurora event' },
			{ name: 'Delete', value: 'delete', action: 'Delete a webhook subscription', description: 'Remove a webhook subscription' },
			{ name: 'Get', value: 'get', action: 'Get a webhook subscription', description: 'Retrieve a webhook subscription by ID' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many webhook subscriptions', description: 'List webhook subscriptions' },
			{ name: 'Update', value: 'update', action: 'Update a webhook subscription', description: 'Change, enable or disable a webhook subscription' },
		],
		default: 'get',
	},
	...createWebhook.properties,
	...getWebhook.properties,
	...getManyWebhooks.properties,
	...updateWebhook.properties,
	...deleteWebhook.properties,
];
