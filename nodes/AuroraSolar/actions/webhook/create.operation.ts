import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from '../common/operation';
import { compact, fieldCollection } from '../common/parameters';
import { eventProperty, subscriptionFieldOptions, urlTemplateProperty } from './fields';
import { maskSecretsInText, maskSubscription, secretsIn } from './secrets';

export const createWebhook: AuroraOperation = {
	name: 'Create',
	value: 'create',
	action: 'Create a webhook subscription',
	description: 'Subscribe a URL to one Aurora event',
	properties: [
		eventProperty,
		urlTemplateProperty,
		fieldCollection({ displayName: 'Additional Fields', name: 'additionalFields', options: subscriptionFieldOptions }),
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const fields = compact(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		const webhook: IDataObject = {
			event: this.getNodeParameter('event', itemIndex) as string,
			url_template: String(this.getNodeParameter('urlTemplate', itemIndex)).trim(),
			enabled: true,
			...fields,
		};
		const created = await auroraRequestOne.call(
			this,
			{
				method: 'POST',
				path: '/webhooks',
				body: { webhook },
				itemIndex,
				redact: secretsIn(webhook),
				scrub: maskSecretsInText,
				creates: { what: 'webhook subscription', check: "look for it with Webhook → Get Many, or in Aurora's webhook settings." },
			},
			'webhook',
		);
		return maskSubscription(created);
	},
};
