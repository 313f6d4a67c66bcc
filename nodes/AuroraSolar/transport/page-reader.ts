import type { IDataObject } from 'n8n-workflow';

import type { AuroraContext } from './context';
import { unwrapMany } from './envelope';
import type { AuroraFailure } from './failure';
import { pageSizeRejected } from './failure';
import { FALLBACK_PAGE_SIZE, MAX_PAGES, PAGE_SIZE, PageCursor, identity } from './page-cursor';
import type { AuroraRequest } from './request';
import { auroraCall } from './request';
import type { RetryBudget } from './retry';

export interface ListRequest extends Omit<AuroraRequest, 'method'> {
	/** The plural envelope key, e.g. `leads`. */
	key: string;
}

/** What one step of a PageReader brought. */
export type PageStep =
	/**
	 * A page: its items, whether each is new to this read (an item that shows up again on a later page is
	 * not; two equal records on one page both are), and what follows: another page, the end of the list,
	 * or a failure that keeps the rest of the list from being read.
	 */
	| { kind: 'page'; items: IDataObject[]; isNew: boolean[]; then: 'more' | 'end' | AuroraFailure }
	/** Aurora rejected the page size: nothing was read, and the next step asks again with a smaller one. */
	| { kind: 'again' }
	| { kind: 'failed'; failure: AuroraFailure };

/**
 * One Aurora list, read page by page, one request per step: Get Many steps to the end at once, the
 * catch-up takes a few steps per tick within its rate budget and goes on at the next. Where the list
 * ends is PageCursor's decision; a page that is not a list, or a failed request, ends the read.
 */
export class PageReader {
	private cursor: PageCursor;
	private readonly seen = new Set<string>();
	private finished = false;

	constructor(
		private readonly request: ListRequest,
		private readonly budget: RetryBudget,
		private readonly options: { perPage?: number; maxPages?: number } = {},
	) {
		this.cursor = PageCursor.start(options.perPage ?? PAGE_SIZE, options.maxPages ?? MAX_PAGES);
	}

	/** Whether the read is over: the list ended, or it failed. */
	get done(): boolean {
		return this.finished;
	}

	async step(context: AuroraContext): Promise<PageStep> {
		const { key, ...base } = this.request;
		const result = await auroraCall.call(context, { ...base, method: 'GET', qs: { ...(base.qs ?? {}), ...this.cursor.query } }, this.budget);
		if (!result.ok) {
			if (this.cursor.page === 1 && this.cursor.perPage > FALLBACK_PAGE_SIZE && pageSizeRejected(result.failure)) {
				this.cursor = PageCursor.start(FALLBACK_PAGE_SIZE, this.options.maxPages ?? MAX_PAGES);
				return { kind: 'again' };
			}
			return this.failed(result.failure);
		}
		const items = unwrapMany(result.value.body, key);
		if (items === undefined) return this.failed({ kind: 'permanent', attempts: 1, baseUrl: '', missing: { what: `list of ${key}`, key } });
		const identities = items.map(identity);
		const isNew = identities.map((id) => !this.seen.has(id));
		// Only now: an item is compared with earlier pages, not with its neighbours on this one.
		for (const id of identities) this.seen.add(id);
		const advanced = this.cursor.advance(items, isNew.filter(Boolean).length, key);
		this.finished = advanced !== 'next';
		return { kind: 'page', items, isNew, then: advanced === 'next' ? 'more' : advanced };
	}

	private failed(failure: AuroraFailure): PageStep {
		this.finished = true;
		return { kind: 'failed', failure };
	}
}
