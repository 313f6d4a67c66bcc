import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { unwrapMany } from '../transport/envelope';
import { auroraRequest } from '../transport/request';

const PAGE_SIZE = 100;

/**
 * One page of a list for a "From List" picker. Aurora has no server-side search that we know of,
 * so the filter applies to the page's names and ids; the next page loads as the user scrolls.
 */
interface Cursor {
	page: number;
	/** Longest page so far: a shorter one is the last (the server may cap page sizes below ours). */
	longest: number;
	/** First id of the previous page: seeing it again means the server ignores `page`. */
	firstId?: string;
}

function readCursor(token: string | undefined): Cursor {
	try {
		const cursor = JSON.parse(token ?? '') as Cursor;
		if (typeof cursor.page === 'number' && cursor.page > 1) return cursor;
	} catch {
		// No token or a foreign one: start at the first page.
	}
	return { page: 1, longest: 0 };
}

export async function searchList(
	this: ILoadOptionsFunctions,
	options: { path: string; key: string; label: (item: IDataObject) => string; subject?: string },
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const cursor = readCursor(paginationToken);
	const body = await auroraRequest.call(this, {
		method: 'GET',
		path: options.path,
		qs: { page: cursor.page, per_page: PAGE_SIZE },
		subject: options.subject,
	});
	const items = unwrapMany(body, options.key) ?? [];
	const firstId = items.length > 0 ? String(items[0].id ?? JSON.stringify(items[0])) : undefined;
	if (cursor.firstId !== undefined && firstId === cursor.firstId) return { results: [] };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = items
		.map((item) => ({ name: options.label(item), value: String(item.id ?? '') }))
		.filter((result) => result.value !== '')
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	const longest = Math.max(cursor.longest, items.length);
	const more = items.length > 0 && items.length >= longest;
	return {
		results,
		paginationToken: more ? JSON.stringify({ page: cursor.page + 1, longest, firstId } satisfies Cursor) : undefined,
	};
}
