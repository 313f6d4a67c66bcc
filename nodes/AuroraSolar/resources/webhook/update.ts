import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { compact, readId } from '../../shared/parameters';
import { eventOptions } from '../../events';
import { auroraRequestOne } from '../../transport/request';
import { subscriptionFieldOptions } from './fields';
import { webhookIdLocator } from './locator';
import { maskSecretsInText, maskSubscription, secretsIn } from './secrets';

export const updateWebhook: AuroraOperation = {
	properties: forOperation('webhook', 'update', [
		webhookIdLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				...subscriptionFieldOptions,
				{ displayName: 'Event', name: 'event', type: 'options', options: eventOptions(), default: 'lead_created' },
				{ displayName: 'URL Template', name: 'url_template', type: 'string', default: '', placeholder: 'https://example.com/aurora?lead_id=<LEAD_ID>' },
			],
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, webhookIdLocator, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		// `enabled: false` is a real update; compact() would keep it, but be explicit about booleans.
		const webhook: IDataObject = { ...compact(fields), ...(fields.enabled !== undefined ? { enabled: fields.enabled } : {}) };
		if (Object.keys(webhook).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				description: 'Add at least one field under Update Fields.',
				itemIndex,
			});
		}
		const updated = await auroraRequestOne.call(this, {
			method: 'PUT',
			path: `/webhooks/${encodeURIComponent(id)}`,
			body: { webhook },
			subject: `Webhook subscription "${id}"`,
			redact: secretsIn(webhook),
			scrub: maskSecretsInText,
			itemIndex,
		}, 'webhook');
		return maskSubscription(updated);
	},
};
