import { createHash } from 'crypto';
import type { IHookFunctions, ITriggerFunctions } from 'n8n-workflow';

import type { AuroraEvent, CatchUpList } from '../../events';
import { failureError } from '../../transport/errors';
import type { AuroraFailure } from '../../transport/failure';
import { listUnreadable, rateLimited } from '../../transport/failure';
import { PageReader } from '../../transport/page-reader';
import { connect } from '../../transport/request';
import { BUDGETS } from '../../transport/retry';
import { nodeKey } from '../node/identity';
import { passedOn } from '../node/passed-on';
import type { Candidate, ListWatch } from './examine';
import { examinePage } from './examine';
import { RateBudget } from './rate-budget';
import { SeenSet } from './seen-set';
import type { CatchUpState, ListState } from './state';

type ReaderContext = IHookFunctions | ITriggerFunctions;

/** The rate budget of one API key in this process, shared by every trigger that uses the key. */
const budgets = new Map<string, RateBudget>();

/** The key's budget; budgets of keys that sent nothing for an hour are forgotten (a fresh one is the same). */
export function budgetFor(token: string): RateBudget {
	const key = createHash('sha256').update(token).digest('hex');
	for (const [other, budget] of budgets) if (other !== key && budget.idle) budgets.delete(other);
	let budget = budgets.get(key);
	if (!budget) budgets.set(key, (budget = new RateBudget()));
	return budget;
}

/** Where a pass over one list stands. */
interface ListPass {
	list: CatchUpList;
	pages: PageReader;
}

/** Why a call to read() returned. */
export type ReadStop = 'done' | 'budget' | 'failed' | 'deadline';

/**
 * A pass over the lists of the selected events, page by page, within the key's rate budget; it can
 * stop at any page and go on later where it stopped. What it finds is recorded in the state (the
 * baseline, what deliveries account for) or handed to `found` (what nothing accounts for).
 */
export class ListReader {
	private readonly passes: ListPass[];
	/** Lists this key cannot read: off until the next activation, said once. */
	readonly unavailable = new Set<string>();

	constructor(
		private readonly context: ReaderContext,
		private readonly state: CatchUpState,
		private readonly events: AuroraEvent[],
		lists: CatchUpList[],
	) {
		this.passes = lists.map((list) => ({ list, pages: new PageReader({ path: `/${list.key}`, key: list.key }, BUDGETS.page) }));
	}

	get finished(): boolean {
		return this.passes.length === 0;
	}

	listState(list: CatchUpList | string): ListState {
		const key = typeof list === 'string' ? list : list.key;
		return (this.state.lists[key as CatchUpList['key']] ??= { seen: SeenSet.empty(), contentCompared: false, complete: false });
	}

	private watchOf(list: CatchUpList): ListWatch {
		const key = nodeKey(this.context);
		const serving = (finds: 'new' | 'changed') => this.events.find((event) => event.catchUp?.list === list && event.catchUp.finds === finds);
		return {
			list,
			created: serving('new'),
			changed: serving('changed'),
			activatedAt: this.state.activatedAt,
			passedOn: (id) => passedOn(key, list.key, id),
		};
	}

	/** Reads pages until the lists end, the budget or `until` says stop, or a page fails. */
	async read(found: (list: CatchUpList, candidates: Candidate[]) => void, until = Infinity): Promise<ReadStop> {
		const connection = await connect.call(this.context);
		if (!connection.ok) {
			this.report(connection.failure, 'the lists: the credential cannot be used');
			return 'failed';
		}
		const budget = budgetFor(connection.value.token);
		while (this.passes.length > 0) {
			if (Date.now() >= until) return 'deadline';
			if (!budget.take()) return 'budget';
			const [pass] = this.passes;
			const step = await this.readPage(pass, budget, found);
			if (step === 'failed') return 'failed';
			if (step === 'end') {
				this.finish(pass.list);
				this.passes.shift();
			}
		}
		return 'done';
	}

	private async readPage(pass: ListPass, budget: RateBudget, found: (list: CatchUpList, candidates: Candidate[]) => void): Promise<'next' | 'end' | 'failed'> {
		const { list } = pass;
		const step = await pass.pages.step(this.context);
		if (step.kind === 'again') return 'next';
		if (step.kind === 'failed') {
			const { failure } = step;
			if (rateLimited(failure)) budget.pause(failure.retryAfterSeconds);
			if (listUnreadable(failure)) {
				this.unavailable.add(list.key);
				this.context.logger.warn(
					`Aurora Solar Trigger: catching up ${list.key} is off until the next activation, because this API key cannot list them (${failureError(this.context.getNode(), failure).message}). Deliveries are not affected.`,
				);
				this.passes.shift();
				return 'next';
			}
			this.report(failure, `the ${list.key} list`);
			return 'failed';
		}
		const { candidates, recorded } = examinePage(this.watchOf(list), this.listState(list), step.items);
		if (recorded > 0) this.state.revision++;
		if (candidates.length > 0) found(list, candidates);
		if (step.then === 'more' || step.then === 'end') return step.then === 'more' ? 'next' : 'end';
		this.report(step.then, `the ${list.key} list`);
		return 'failed';
	}

	/** A whole pass over the list: from now on what is new in it is an event, and its content hashes mean something. */
	private finish(list: CatchUpList): void {
		const state = this.listState(list);
		state.complete = true;
		state.contentCompared = this.events.some((event) => event.catchUp?.list === list && event.catchUp.finds === 'changed');
		state.seen.compact();
		this.state.revision++;
	}

	private report(failure: AuroraFailure, what: string): void {
		const text = `Aurora Solar Trigger: the catch-up could not read ${what} (${failureError(this.context.getNode(), failure).message}); it goes on at the next check.`;
		if (failure.kind === 'permanent') this.context.logger.error(text);
		else this.context.logger.warn(text);
	}
}
