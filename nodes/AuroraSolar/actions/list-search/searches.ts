import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isObject } from '../../transport/envelope';
import { searchList } from './search-list';

function joined(...parts: unknown[]): string {
	return parts.filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
}

function leadLabel(lead: IDataObject): string {
	const customer = isObject(lead.customer) ? lead.customer : {};
	const person = joined(customer.customer_first_name, customer.customer_last_name);
	const address = typeof lead.address === 'string' ? lead.address : '';
	return joined(person, address ? `(${address})` : '') || String(lead.id);
}

function projectLabel(project: IDataObject): string {
	const name = typeof project.name === 'string' && project.name ? project.name : joined(project.customer_first_name, project.customer_last_name);
	return name || String(project.id);
}

export async function searchLeads(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, { path: '/leads', key: 'leads', label: leadLabel }, filter, token);
}

export async function searchProjects(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, { path: '/projects', key: 'projects', label: projectLabel }, filter, token);
}

export async function searchDesigns(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const projectId = String(this.getCurrentNodeParameter('projectId', { extractValue: true }) ?? '').trim();
	if (!projectId) return { results: [] };
	return await searchList.call(
		this,
		{
			path: `/projects/${encodeURIComponent(projectId)}/designs`,
			key: 'designs',
			subject: `Project "${projectId}"`,
			label: (design) => (typeof design.name === 'string' && design.name ? design.name : String(design.id)),
		},
		filter,
		token,
	);
}

export async function searchWebhooks(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(
		this,
		{
			path: '/webhooks',
			key: 'webhooks',
			label: (webhook) => joined(webhook.event, webhook.description ? `– ${String(webhook.description)}` : '') || String(webhook.id),
		},
		filter,
		token,
	);
}
