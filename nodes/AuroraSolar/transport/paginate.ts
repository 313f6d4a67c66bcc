import type { IDataObject } from 'n8n-workflow';

import type { AuroraContext } from './context';
import { failureError } from './errors';
import type { AuroraFailure, AuroraResult } from './failure';
import { endpointMissing } from './failure';
import { PAGE_SIZE } from './page-cursor';
import type { ListRequest } from './page-reader';
import { PageReader } from './page-reader';
import type { RetryBudget } from './retry';
import { BUDGETS } from './retry';

export interface PaginateRequest extends ListRequest {
	/** Stop after this many items; undefined means everything. */
	limit?: number;
	/** Pages to read at most before failing; MAX_PAGES unless a test wants to reach it sooner. */
	maxPages?: number;
	/** Only items this accepts are returned and count toward `limit` (for a list whose filter Aurora may ignore). */
	keep?: (item: IDataObject) => boolean;
}

/**
 * Every item of an Aurora list (or the first `limit`), page by page, in order, through one PageReader:
 * an item that shows up again on a later page counts once; two equal records on one page are two
 * records. Any failure is the whole list's failure, never part of the list, with the same kinds as a
 * single call.
 */
export async function auroraList(
	this: AuroraContext,
	request: PaginateRequest,
	budget: RetryBudget = BUDGETS.action,
): Promise<AuroraResult<IDataObject[]>> {
	const { limit, maxPages, keep, ...list } = request;
	const reader = new PageReader(list, budget, { perPage: limit !== undefined ? Math.min(limit, PAGE_SIZE) : PAGE_SIZE, maxPages });
	const items: IDataObject[] = [];
	for (;;) {
		const step = await reader.step(this);
		if (step.kind === 'again') continue;
		if (step.kind === 'failed') return { ok: false, failure: step.failure };
		step.items.forEach((item, index) => {
			if (step.isNew[index] && (keep === undefined || keep(item)) && (limit === undefined || items.length < limit)) items.push(item);
		});
		if (limit !== undefined && items.length >= limit) break;
		if (step.then === 'end') break;
		if (step.then !== 'more') return { ok: false, failure: step.then };
	}
	return { ok: true, value: items };
}

/** One place a list may be read from, e.g. `/projects/{id}/agreements`, or `/agreements` with `project_id`. */
export type ListPlace = Pick<PaginateRequest, 'path' | 'qs' | 'subject' | 'keep'>;

/**
 * Reads from the first of `places` (from index `from` on) that exists here, for a list Aurora does not
 * document the place of. A place that answers 404 or 405 hands over to the next; any other failure is
 * the answer; when no place exists, the first one's failure is, because it names the owner.
 */
export async function firstPlace<T>(
	places: readonly ListPlace[],
	read: (place: ListPlace, index: number) => Promise<AuroraResult<T>>,
	from = 0,
): Promise<AuroraResult<{ value: T; index: number }>> {
	let first: AuroraFailure | undefined;
	for (let index = from; index < places.length; index++) {
		const result = await read(places[index], index);
		if (result.ok) return { ok: true, value: { value: result.value, index } };
		if (!endpointMissing(result.failure)) return result;
		first ??= result.failure;
	}
	if (!first) throw new Error('firstPlace needs a place to read from');
	return { ok: false, failure: first };
}

/**
 * auroraList for the action node: any failure throws the n8n error that says what happened. `elsewhere`
 * names further places the list may be read from where the request's own place does not exist (see
 * firstPlace); each brings its own path, query, subject and filter.
 */
export async function auroraPaginate(
	this: AuroraContext,
	request: PaginateRequest,
	budget: RetryBudget = BUDGETS.action,
	elsewhere: readonly ListPlace[] = [],
): Promise<IDataObject[]> {
	const unplaced: PaginateRequest = { ...request, qs: undefined, subject: undefined, keep: undefined };
	const result = await firstPlace([request, ...elsewhere], async (place) => await auroraList.call(this, { ...unplaced, ...place }, budget));
	if (result.ok) return result.value.value;
	throw failureError(this.getNode(), result.failure, request.itemIndex);
}
