import { getOneOperation, shapedBy } from '../common/read-operations';
import { webhookIdLocator } from './locators';
import { maskSecretsInText, maskSubscription } from './secrets';

export const getWebhook = getOneOperation(
	{ name: 'Get', value: 'get', action: 'Get a webhook subscription', description: 'Retrieve a webhook subscription by ID' },
	{
		locator: webhookIdLocator,
		properties: [webhookIdLocator],
		path: (id) => `/webhooks/${encodeURIComponent(id)}`,
		subject: (id) => `Webhook subscription "${id}"`,
		key: 'webhook',
		scrub: maskSecretsInText,
		output: shapedBy(maskSubscription),
	},
);
