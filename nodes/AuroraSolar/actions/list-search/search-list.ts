import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { unwrapMany } from '../../transport/envelope';
import { failureError } from '../../transport/errors';
import type { AuroraResult } from '../../transport/failure';
import { PICKER_PAGE_SIZE, PageCursor } from '../../transport/page-cursor';
import type { ListPlace } from '../../transport/paginate';
import { firstPlace } from '../../transport/paginate';
import { auroraCall } from '../../transport/request';

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
	if (!page.ok) throw failureError(this.getNode(), page.failure);
	return page.value;
}

/**
 * A picker over a list Aurora does not document the place of (transport/paginate.ts firstPlace): the
 * first place that exists answers. The page token carries which place that was, so later pages come
 * from it too.
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
	const from = Number(placeText) || 0;
	if (from >= places.length) return { results: [] };
	const found = await firstPlace(
		places,
		async (place, index) => await searchPage.call(this, place, { key, label }, filter, index === from ? cursorToken : undefined),
		from,
	);
	if (!found.ok) throw failureError(this.getNode(), found.failure);
	const { value: page, index } = found.value;
	return { ...page, ...(page.paginationToken ? { paginationToken: `${index}@${page.paginationToken}` } : {}) };
}

async function searchPage(
	this: ILoadOptionsFunctions,
	place: ListPlace,
	options: { key: string; label: (item: IDataObject) => string },
	filter?: string,
	paginationToken?: string,
): Promise<AuroraResult<INodeListSearchResult>> {
	const cursor = PageCursor.resume(paginationToken, PICKER_PAGE_SIZE);
	const result = await auroraCall.call(this, {
		method: 'GET',
		path: place.path,
		qs: { ...(place.qs ?? {}), ...cursor.query },
		subject: place.subject,
	});
	if (!result.ok) return result;
	const items = unwrapMany(result.value.body, options.key) ?? [];
	// A picker carries no list of what it showed, so a page that starts like the previous one is a repeat.
	const repeated = items.length > 0 && cursor.repeatsPreviousPage(items[0]);
	const step = cursor.advance(items, repeated ? 0 : items.length, options.key);
	if (step !== 'next' && step !== 'end') return { ok: false, failure: step };
	if (repeated) return { ok: true, value: { results: [] } };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.filter((item) => !place.keep || place.keep(item))
		.map((item) => ({ name: options.label(item), value: String(item.id ?? '') }))
		.filter((result) => result.value !== '')
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	return { ok: true, value: { results, paginationToken: step === 'next' ? cursor.token : undefined } };
}
