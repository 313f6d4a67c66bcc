import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { readId } from '../../shared/parameters';
import { auroraRequest } from '../../transport/request';
import { webhookIdLocator } from './locator';
import { maskSecretsInText } from './secrets';

export const deleteWebhook: AuroraOperation = {
	properties: forOperation('webhook', 'delete', [webhookIdLocator]),
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
