import { idLocator } from '../../shared/locators';

export const webhookIdLocator = idLocator({
	name: 'webhookId',
	displayName: 'Webhook',
	searchMethod: 'searchWebhooks',
	placeholderName: 'webhook subscription',
});
