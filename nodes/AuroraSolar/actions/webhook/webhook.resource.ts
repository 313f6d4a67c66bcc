import { defineResource } from '../common/operation';
import { createWebhook } from './create.operation';
import { deleteWebhook } from './delete.operation';
import { getWebhook } from './get.operation';
import { getManyWebhooks } from './get-many.operation';
import { updateWebhook } from './update.operation';

export const webhookResource = defineResource({
	name: 'Webhook',
	value: 'webhook',
	description: "Aurora's webhook subscriptions",
	defaultOperation: 'get',
	operations: [createWebhook, getWebhook, getManyWebhooks, updateWebhook, deleteWebhook],
});
