import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { unwrapMany } from '../transport/envelope';
import { auroraRequest } from '../transport/request';

const PAGE_SIZE = 100;

/**
 * One page of a list for a "From List" picker. Aurora has no server-side search that we know of,
 * so the filter applies to the page's names and ids; the next page loads as the user scrolls.
 */
export async function searchList(
	this: ILoadOptionsFunctions,
	options: { path: string; key: string; label: (item: IDataObject) => string },
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const body = await auroraRequest.call(this, {
		method: 'GET',
		path: options.path,
		qs: { page, per_page: PAGE_SIZE },
	});
	const items = unwrapMany(body, options.key) ?? [];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.map((item) => ({ name: options.label(item), value: String(item.id ?? '') }))
		.filter((result) => result.value !== '')
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	return { results, paginationToken: items.length >= PAGE_SIZE ? String(page + 1) : undefined };
}
