import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId } from '../../shared/parameters';
import { auroraRequestOne } from '../../transport/request';
import { webhookIdLocator } from './locator';
import { maskSecretsInText, maskSubscription } from './secrets';

export const getWebhook: AuroraOperation = {
	properties: forOperation('webhook', 'get', [webhookIdLocator]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, webhookIdLocator, itemIndex);
		const webhook = await auroraRequestOne.call(this, {
			method: 'GET',
			path: `/webhooks/${encodeURIComponent(id)}`,
			subject: `Webhook subscription "${id}"`,
			itemIndex,
			scrub: maskSecretsInText,
		}, 'webhook');
		return maskSubscription(webhook);
	},
};
