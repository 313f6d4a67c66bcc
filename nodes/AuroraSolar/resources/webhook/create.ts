import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { compact } from '../../shared/parameters';
import { auroraRequestOne } from '../../transport/request';
import type { CreatedObject } from '../../transport/uncertain-create';
import { eventProperty, subscriptionFieldOptions, urlTemplateProperty } from './fields';
import { maskSecretsInText, maskSubscription, secretsIn } from './secrets';

const CREATES_SUBSCRIPTION: CreatedObject = {
	what: 'webhook subscription',
	check: "look for it with Webhook → Get Many, or in Aurora's webhook settings.",
};

export const createWebhook: AuroraOperation = {
	properties: forOperation('webhook', 'create', [
		eventProperty,
		urlTemplateProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: subscriptionFieldOptions,
		},
	]),
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
				creates: CREATES_SUBSCRIPTION,
			},
			'webhook',
		);
		return maskSubscription(created);
	},
};
