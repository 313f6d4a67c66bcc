import type { INodeProperties } from 'n8n-workflow';

import { eventOptions } from '../../events';

export const eventProperty: INodeProperties = {
	displayName: 'Event Name or ID',
	name: 'event',
	type: 'options',
	options: eventOptions(),
	default: 'lead_created',
	description: 'The one event this subscription receives (Aurora allows one event per subscription). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Subscription fields named as Aurora names them, so they pass through untouched. */
export const subscriptionFieldOptions: INodeProperties[] = [
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Shown in Aurora\'s webhook dashboard' },
	{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether Aurora sends deliveries for this subscription' },
	{ displayName: 'Header Auth Key', name: 'header_auth_key', type: 'string', default: '', placeholder: 'e.g. X-Webhook-Secret', description: 'Name of a header Aurora sends with every delivery' },
	{ displayName: 'Header Auth Value', name: 'header_auth_value', type: 'string', typeOptions: { password: true }, default: '', description: 'Value of that header; check it on the receiving side' },
];

export const urlTemplateProperty: INodeProperties = {
	displayName: 'URL Template',
	name: 'urlTemplate',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'https://example.com/aurora?lead_id=<LEAD_ID>',
	description: 'Where Aurora sends a GET request. Placeholders such as &lt;LEAD_ID&gt; are replaced with the event\'s values.',
};
