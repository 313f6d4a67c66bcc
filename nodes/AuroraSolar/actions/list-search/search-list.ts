import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { unwrapMany } from '../../transport/envelope';
import { failureError } from '../../transport/errors';
import { PICKER_PAGE_SIZE, PageCursor } from '../../transport/page-cursor';
import { auroraRequest } from '../../transport/request';

/**
 * One page of a list for a "From List" picker. Aurora has no server-side search that we know of,
 * so the filter applies to the page's names and ids; the next page loads as the user scrolls.
 */
export async function searchList(
	this: ILoadOptionsFunctions,
	options: { path: string; key: string; label: (item: IDataObject) => string; subject?: string },
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const cursor = PageCursor.resume(paginationToken, PICKER_PAGE_SIZE);
	const body = await auroraRequest.call(this, {
		method: 'GET',
		path: options.path,
		qs: cursor.query,
		subject: options.subject,
	});
	const items = unwrapMany(body, options.key) ?? [];
	// A picker carries no list of what it showed, so a page that starts like the previous one is a repeat.
	const repeated = items.length > 0 && cursor.repeatsPreviousPage(items[0]);
	const step = cursor.advance(items, repeated ? 0 : items.length, options.key);
	if (step !== 'next' && step !== 'end') throw failureError(this.getNode(), step);
	if (repeated) return { results: [] };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.map((item) => ({ name: options.label(item), value: String(item.id ?? '') }))
		.filter((result) => result.value !== '')
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	return { results, paginationToken: step === 'next' ? cursor.token : undefined };
}
