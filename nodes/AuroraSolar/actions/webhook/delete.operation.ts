import type { IExecuteFunctions } from 'n8n-workflow';

import { auroraRequest } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { readId } from '../common/parameters';
import { webhookIdLocator } from './locators';
import { maskSecretsInText } from './secrets';

export const deleteWebhook: AuroraOperation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a webhook subscription',
	description: 'Remove a webhook subscription',
	properties: [webhookIdLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, webhookIdLocator, itemIndex);
		await auroraRequest.call(this, {
			method: 'DELETE',
			path: `/webhooks/${encodeURIComponent(id)}`,
			subject: `Webhook subscription "${id}"`,
			itemIndex,
			scrub: maskSecretsInText,
		});
		return { deleted: true };
	},
};
