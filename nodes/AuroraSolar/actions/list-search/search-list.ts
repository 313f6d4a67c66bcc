import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { unwrapMany } from '../../transport/envelope';
import { failureError } from '../../transport/errors';
import type { AuroraFailure } from '../../transport/failure';
import { endpointMissing } from '../../transport/failure';
import { PICKER_PAGE_SIZE, PageCursor } from '../../transport/page-cursor';
import { auroraCall } from '../../transport/request';
import type { ListPlace } from '../common/list-places';

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
	const page = await searchPage.call(this, { path: options.path, subject: options.subject }, options, filter, paginationToken);
	if ('failure' in page) throw failureError(this.getNode(), page.failure);
	return page;
}

/**
 * A picker over a list Aurora does not document the place of (see list-places.ts): the first place
 * that exists answers. The page token carries which place that was, so later pages come from it too.
 */
export async function searchPlaces(
	this: ILoadOptionsFunctions,
	places: ListPlace[],
	key: string,
	label: (item: IDataObject) => string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// Split at the first '@' only: the cursor part is JSON that may itself hold an '@' (an item remembered by its content).
	const at = (paginationToken ?? '').indexOf('@');
	const [placeText, cursorToken] = at >= 0 ? [(paginationToken as string).slice(0, at), (paginationToken as string).slice(at + 1)] : ['0', paginationToken];
	let first: AuroraFailure | undefined;
	for (let index = Number(placeText) || 0; index < places.length; index++) {
		const page = await searchPage.call(this, places[index], { key, label }, filter, index === Number(placeText) ? cursorToken : undefined);
		if (!('failure' in page)) return { ...page, ...(page.paginationToken ? { paginationToken: `${index}@${page.paginationToken}` } : {}) };
		if (!endpointMissing(page.failure)) throw failureError(this.getNode(), page.failure);
		first ??= page.failure;
	}
	if (!first) return { results: [] };
	throw failureError(this.getNode(), first);
}

async function searchPage(
	this: ILoadOptionsFunctions,
	place: Pick<ListPlace, 'path' | 'qs' | 'subject' | 'keep'>,
	options: { key: string; label: (item: IDataObject) => string },
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult | { failure: AuroraFailure }> {
	const cursor = PageCursor.resume(paginationToken, PICKER_PAGE_SIZE);
	const result = await auroraCall.call(this, {
		method: 'GET',
		path: place.path,
		qs: { ...(place.qs ?? {}), ...cursor.query },
		subject: place.subject,
	});
	if (!result.ok) return { failure: result.failure };
	const items = unwrapMany(result.value.body, options.key) ?? [];
	// A picker carries no list of what it showed, so a page that starts like the previous one is a repeat.
	const repeated = items.length > 0 && cursor.repeatsPreviousPage(items[0]);
	const step = cursor.advance(items, repeated ? 0 : items.length, options.key);
	if (step !== 'next' && step !== 'end') return { failure: step };
	if (repeated) return { results: [] };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.filter((item) => !place.keep || place.keep(item))
		.map((item) => ({ name: options.label(item), value: String(item.id ?? '') }))
		.filter((result) => result.value !== '')
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	return { results, paginationToken: step === 'next' ? cursor.token : undefined };
}
