import type { IDataObject } from 'n8n-workflow';

import type { AuroraContext } from './context';
import { unwrapMany } from './envelope';
import { auroraApiError } from './errors';
import type { AuroraRequest } from './request';
import { auroraCall } from './request';
import type { RetryBudget } from './retry';
import { ACTION_BUDGET } from './retry';

/**
 * Aurora's list paging is undocumented apart from one secondary source (`page`, 1-based, and
 * `per_page`, default 100, max 250). We ask for big pages, but never trust the server to honour
 * them: the end is an empty page, a page shorter than the longest seen, or a page with nothing new.
 */
export const PAGE_SIZE = 250;
/** Used when a server rejects PAGE_SIZE with 400/422 on the first page. */
export const FALLBACK_PAGE_SIZE = 100;
/** Termination backstop for servers that invent endless distinct pages. */
export const MAX_PAGES = 10_000;

export interface PaginateRequest extends Omit<AuroraRequest, 'method'> {
	/** The plural envelope key, e.g. `leads`. */
	key: string;
	/** Stop after this many items; undefined means everything. */
	limit?: number;
}

/** An item's id, or its whole content when it has none, so a repeated page is still recognised. */
function identity(item: IDataObject): string {
	const id = item.id ?? item.design_id ?? item.uuid;
	return id === undefined || id === null ? `json:${JSON.stringify(item)}` : `id:${String(id)}`;
}

export async function auroraPaginate(
	this: AuroraContext,
	request: PaginateRequest,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<IDataObject[]> {
	const { key, limit, ...base } = request;
	const seen = new Set<string>();
	const items: IDataObject[] = [];
	let perPage = limit !== undefined ? Math.min(limit, PAGE_SIZE) : PAGE_SIZE;
	let longestPage = 0;

	for (let page = 1; page <= MAX_PAGES; page++) {
		const result = await auroraCall.call(
			this,
			{ ...base, method: 'GET', qs: { ...(base.qs ?? {}), page, per_page: perPage } },
			budget,
		);
		if (!result.ok) {
			const rejectedPageSize = page === 1 && perPage > FALLBACK_PAGE_SIZE && [400, 422].includes(result.failure.status ?? 0);
			if (rejectedPageSize) {
				perPage = FALLBACK_PAGE_SIZE;
				page = 0;
				continue;
			}
			throw auroraApiError(this.getNode(), result.failure, base.itemIndex);
		}
		const pageItems = unwrapMany(result.body, key);
		if (pageItems === undefined) {
			throw auroraApiError(this.getNode(), { attempts: 1, baseUrl: '', missing: { what: `list of ${key}`, key } }, base.itemIndex);
		}
		if (pageItems.length === 0) break;

		// Compared with earlier pages only: two equal records on one page are two records.
		const earlier = new Set(seen);
		let fresh = 0;
		for (const item of pageItems) {
			const id = identity(item);
			if (earlier.has(id)) continue;
			seen.add(id);
			fresh++;
			if (limit === undefined || items.length < limit) items.push(item);
		}
		// A page of nothing new means the server ignores `page` and keeps sending the same data.
		if (fresh === 0) break;
		if (limit !== undefined && items.length >= limit) break;
		longestPage = Math.max(longestPage, pageItems.length);
		// Shorter than the longest page so far: the last page. (Not "shorter than per_page": a server may
		// cap page sizes below what we ask for, and stopping then would silently drop data.)
		if (pageItems.length < longestPage) break;
	}
	return items;
}
