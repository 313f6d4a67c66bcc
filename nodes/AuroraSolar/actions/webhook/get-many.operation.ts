import { getManyOperation, shapedBy } from '../common/read-operations';
import { maskSecretsInText, maskSubscription } from './secrets';

export const getManyWebhooks = getManyOperation(
	{ name: 'Get Many', value: 'getAll', action: 'Get many webhook subscriptions', description: 'List webhook subscriptions' },
	{ list: () => ({ path: '/webhooks' }), key: 'webhooks', scrub: maskSecretsInText, output: shapedBy(maskSubscription) },
);
