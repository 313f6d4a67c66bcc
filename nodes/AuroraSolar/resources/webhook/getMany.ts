import type { IExecuteFunctions } from 'n8n-workflow';

import type { AuroraOperation } from '../../shared/operation';
import { forOperation } from '../../shared/operation';
import { getManyProperties, readLimit } from '../../shared/parameters';
import { auroraPaginate } from '../../transport/paginate';
import { maskSecretsInText, maskSubscription } from './secrets';

export const getManyWebhooks: AuroraOperation = {
	properties: forOperation('webhook', 'getAll', [...getManyProperties]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const webhooks = await auroraPaginate.call(this, {
			path: '/webhooks',
			key: 'webhooks',
			limit: readLimit.call(this, itemIndex),
			itemIndex,
			scrub: maskSecretsInText,
		});
		return webhooks.map(maskSubscription);
	},
};
