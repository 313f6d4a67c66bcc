import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isObject } from '../../transport/envelope';
import { agreementPlaces } from '../agreement/places';
import { designRequestPlaces } from '../design-request/places';
import { searchList, searchPlaces } from './search-list';

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

/** The Project parameter's value, for pickers whose list belongs to a project. */
function currentProjectId(context: ILoadOptionsFunctions): string {
	return String(context.getCurrentNodeParameter('projectId', { extractValue: true }) ?? '').trim();
}

export async function searchLeads(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, { path: '/leads', key: 'leads', label: leadLabel }, filter, token);
}

export async function searchProjects(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(this, { path: '/projects', key: 'projects', label: projectLabel }, filter, token);
}

export async function searchDesigns(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const projectId = currentProjectId(this);
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


export async function searchDesignRequests(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const projectId = currentProjectId(this);
	if (!projectId) return { results: [] };
	return await searchPlaces.call(this, designRequestPlaces(projectId), 'design_requests', (request) => joined(request.status, request.created_at) || String(request.id), filter, token);
}

export async function searchAgreements(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	const projectId = currentProjectId(this);
	if (!projectId) return { results: [] };
	return await searchPlaces.call(this, agreementPlaces(projectId), 'agreements', (agreement) => joined(agreement.status, agreement.created_at) || String(agreement.id), filter, token);
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await searchList.call(
		this,
		{ path: '/users', key: 'users', label: (user) => joined(user.first_name, user.last_name, user.email ? `<${String(user.email)}>` : '') || String(user.id) },
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
