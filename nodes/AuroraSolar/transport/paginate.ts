import type { IDataObject } from 'n8n-workflow';

import type { AuroraContext } from './context';
import { unwrapMany } from './envelope';
import { failureError } from './errors';
import type { AuroraResult } from './failure';
import { FALLBACK_PAGE_SIZE, MAX_PAGES, PAGE_SIZE, PageCursor, identity } from './page-cursor';
import type { AuroraRequest } from './request';
import { auroraCall } from './request';
import type { RetryBudget } from './retry';
import { ACTION_BUDGET } from './retry';

export interface PaginateRequest extends Omit<AuroraRequest, 'method'> {
	/** The plural envelope key, e.g. `leads`. */
	key: string;
	/** Stop after this many items; undefined means everything. */
	limit?: number;
	/** Pages to read at most before failing; MAX_PAGES unless a test wants to reach it sooner. */
	maxPages?: number;
}

/**
 * Every item of an Aurora list (or the first `limit`), page by page, in order. An item that shows up
 * again on a later page counts once; two equal records on one page are two records. Where the list
 * ends is PageCursor's decision. Any failure is the whole list's failure, never part of the list,
 * with the same kinds as a single call.
 */
export async function auroraList(
	this: AuroraContext,
	request: PaginateRequest,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<AuroraResult<IDataObject[]>> {
	const { key, limit, maxPages = MAX_PAGES, ...base } = request;
	const seen = new Set<string>();
	const items: IDataObject[] = [];
	let cursor = PageCursor.start(limit !== undefined ? Math.min(limit, PAGE_SIZE) : PAGE_SIZE, maxPages);

	for (;;) {
		const result = await auroraCall.call(this, { ...base, method: 'GET', qs: { ...(base.qs ?? {}), ...cursor.query } }, budget);
		if (!result.ok) {
			const rejectedPageSize = cursor.page === 1 && cursor.perPage > FALLBACK_PAGE_SIZE && [400, 422].includes(result.failure.status ?? 0);
			if (!rejectedPageSize) return result;
			cursor = PageCursor.start(FALLBACK_PAGE_SIZE, maxPages);
			continue;
		}
		const pageItems = unwrapMany(result.value.body, key);
		if (pageItems === undefined) {
			return { ok: false, failure: { kind: 'permanent', attempts: 1, baseUrl: '', missing: { what: `list of ${key}`, key } } };
		}
		const identities = pageItems.map(identity);
		let fresh = 0;
		for (let index = 0; index < pageItems.length; index++) {
			if (seen.has(identities[index])) continue;
			fresh++;
			if (limit === undefined || items.length < limit) items.push(pageItems[index]);
		}
		// Only now: an item is compared with earlier pages, not with its neighbours on this one.
		for (const id of identities) seen.add(id);
		if (limit !== undefined && items.length >= limit) break;
		const step = cursor.advance(pageItems, fresh, key);
		if (step === 'end') break;
		if (step !== 'next') return { ok: false, failure: step };
	}
	return { ok: true, value: items };
}

/** auroraList for the action node: any failure throws the n8n error that says what happened. */
export async function auroraPaginate(
	this: AuroraContext,
	request: PaginateRequest,
	budget: RetryBudget = ACTION_BUDGET,
): Promise<IDataObject[]> {
	const result = await auroraList.call(this, request, budget);
	if (result.ok) return result.value;
	throw failureError(this.getNode(), result.failure, request.itemIndex);
}
