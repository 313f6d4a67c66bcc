import { idLocator } from '../common/locators';

export const webhookIdLocator = idLocator({
	name: 'webhookId',
	displayName: 'Webhook',
	searchMethod: 'searchWebhooks',
	placeholderName: 'webhook subscription',
});
