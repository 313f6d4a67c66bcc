import type { IExecuteFunctions } from 'n8n-workflow';

import { eventOptions } from '../../events';
import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { fieldCollection, readId, readUpdateFields } from '../common/parameters';
import { subscriptionFieldOptions } from './fields';
import { webhookIdLocator } from './locators';
import { maskSecretsInText, maskSubscription, secretsIn } from './secrets';

export const updateWebhook: AuroraOperation = {
	name: 'Update',
	value: 'update',
	action: 'Update a webhook subscription',
	description: 'Change, enable or disable a webhook subscription',
	properties: [
		webhookIdLocator,
		fieldCollection({
			displayName: 'Update Fields',
			name: 'updateFields',
			options: [
				...subscriptionFieldOptions,
				{ displayName: 'Event', name: 'event', type: 'options', options: eventOptions(), default: 'lead_created' },
				{ displayName: 'URL Template', name: 'url_template', type: 'string', default: '', placeholder: 'https://example.com/aurora?lead_id=<LEAD_ID>' },
			],
		}),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readId.call(this, webhookIdLocator, itemIndex);
		// `enabled: false` is a real update: readUpdateFields drops only blanks, never false.
		const webhook = readUpdateFields.call(this, itemIndex);
		const updated = await auroraRequestOne.call(this, {
			// The same PUT as the other resource's Update (deliberately): only path, envelope and secret handling differ.
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
