import type { INodeProperties } from 'n8n-workflow';

/**
 * Project fields, named exactly as Aurora names them so that values pass through untouched.
 * Covers both API generations: 2024.05 renamed `customer_address` to `mailing_address`.
 */
export const projectFieldOptions: INodeProperties[] = [
	{ displayName: 'Customer Email', name: 'customer_email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Customer First Name', name: 'customer_first_name', type: 'string', default: '' },
	{ displayName: 'Customer Last Name', name: 'customer_last_name', type: 'string', default: '' },
	{ displayName: 'Customer Phone', name: 'customer_phone', type: 'string', default: '' },
	{ displayName: 'Customer Salutation', name: 'customer_salutation', type: 'string', default: '' },
	{ displayName: 'External Provider ID', name: 'external_provider_id', type: 'string', default: '', description: 'Your own ID for this customer, e.g. the CRM record ID' },
	{ displayName: 'Latitude', name: 'latitude', type: 'number', typeOptions: { numberPrecision: 8 }, default: 0 },
	{ displayName: 'Longitude', name: 'longitude', type: 'number', typeOptions: { numberPrecision: 8 }, default: 0 },
	{ displayName: 'Mailing Address', name: 'mailing_address', type: 'string', default: '', description: 'Customer mailing address (called customer_address before API version 2024.05)' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Owner ID', name: 'owner_id', type: 'string', default: '', description: 'ID of the Aurora user who owns the project' },
	{
		displayName: 'Project Type',
		name: 'project_type',
		type: 'options',
		options: [
			{ name: 'Commercial', value: 'commercial' },
			{ name: 'Residential', value: 'residential' },
		],
		default: 'residential',
	},
	{ displayName: 'Status', name: 'status', type: 'string', default: '', description: 'Project status; tenants can define custom statuses' },
];
