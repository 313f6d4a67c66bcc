import type { IDataObject } from 'n8n-workflow';

import type { AuroraFailure } from './failure';
import { problemFailure } from './failure';

/**
 * Aurora's list paging is undocumented apart from one secondary source (`page`, 1-based, and
 * `per_page`, default 100, max 250). Get Many asks for the largest pages; a list picker shows one
 * page at a time, so it asks for Aurora's default.
 */
export const PAGE_SIZE = 250;
/** Used when a server rejects PAGE_SIZE with 400/422 on the first page. */
export const FALLBACK_PAGE_SIZE = 100;
export const PICKER_PAGE_SIZE = 100;
/** Termination backstop for servers that invent endless distinct pages. */
export const MAX_PAGES = 10_000;

/** An item's id, or its whole content when it has none, so a repeated page is still recognised. */
export function identity(item: IDataObject): string {
	const id = item.id ?? item.design_id ?? item.uuid;
	return id === undefined || id === null ? `json:${JSON.stringify(item)}` : `id:${String(id)}`;
}

/** Where a paged read stands; small enough to travel in a list picker's pagination token. */
interface CursorState {
	page: number;
	/** Longest page so far: a shorter one is the last (the server may cap page sizes below ours). */
	longest: number;
	/** Identity of the previous page's first item: seeing it first again means the server ignores `page`. */
	firstId?: string;
}

/**
 * The one rule for where an Aurora list ends, for Get Many and the list pickers alike. We never
 * trust the server to honour `per_page`: the end is an empty page, a page shorter than the longest
 * seen, or a page with nothing new while the pages are shorter than we asked for (a server that
 * sends its whole list on every page). When the pages are as long as we asked for and one repeats,
 * or the pages never end, the rest of the list cannot be read: that fails, rather than passing a
 * part of the list off as all of it.
 */
export class PageCursor {
	private constructor(
		private state: CursorState,
		public perPage: number,
		private readonly maxPages: number,
	) {}

	static start(perPage: number, maxPages: number = MAX_PAGES): PageCursor {
		return new PageCursor({ page: 1, longest: 0 }, perPage, maxPages);
	}

	/** Continues from a pagination token; no token, or a foreign one, starts at the first page. */
	static resume(token: string | undefined, perPage: number): PageCursor {
		try {
			const { page, longest, firstId } = JSON.parse(token ?? '') as Partial<CursorState>;
			if (typeof page === 'number' && page > 1) {
				const state = { page, longest: typeof longest === 'number' ? longest : 0, firstId: typeof firstId === 'string' ? firstId : undefined };
				return new PageCursor(state, perPage, MAX_PAGES);
			}
		} catch {
			// Not a token of ours.
		}
		return PageCursor.start(perPage);
	}

	get page(): number {
		return this.state.page;
	}

	get query(): IDataObject {
		return { page: this.state.page, per_page: this.perPage };
	}

	get token(): string {
		return JSON.stringify(this.state);
	}

	/** Whether a page that starts with this item starts like the previous page did. */
	repeatsPreviousPage(firstItem: IDataObject): boolean {
		return this.state.firstId !== undefined && identity(firstItem) === this.state.firstId;
	}

	/**
	 * Takes one page (its items, and how many of them are new) and moves on: `next` when another page
	 * should be read, `end` at the end of the list, or a failure when the rest cannot be read.
	 */
	advance(items: IDataObject[], fresh: number, key: string): 'next' | 'end' | AuroraFailure {
		if (items.length === 0) return 'end';
		const { page, longest } = this.state;
		if (fresh === 0) {
			if (items.length < this.perPage) return 'end';
			return unreadableRest(`Aurora sent page ${page} of the ${key} list with nothing that earlier pages did not hold, although the pages were full`);
		}
		if (items.length < longest) return 'end';
		if (page >= this.maxPages) return unreadableRest(`Aurora's list of ${key} did not end after ${this.maxPages} pages`);
		this.state = { page: page + 1, longest: Math.max(longest, items.length), firstId: identity(items[0]) };
		return 'next';
	}
}

function unreadableRest(message: string): AuroraFailure {
	return problemFailure(
		message,
		'The server seems to ignore the page parameter, so the rest of the list cannot be read, and nothing was returned rather than a part of it. ' +
			"If you use a Custom base URL, check that it points at Aurora's API. Otherwise, turn off Return All and set a Limit, or enter the ID By ID.",
	);
}
