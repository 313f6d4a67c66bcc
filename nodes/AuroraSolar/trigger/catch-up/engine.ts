import type { ITriggerFunctions } from 'n8n-workflow';

import type { CatchUpList } from '../../events';
import { nodeKey } from '../node/identity';
import { passedOn } from '../node/passed-on';
import type { Candidate } from './examine';
import type { CatchUpPlan } from './plan';
import { CONCURRENT_PASS_ONS, passOn } from './pass-on';
import { ListReader } from './reader';
import { fingerprint } from './seen-set';
import type { LiveState } from './state';
import { encodeState, forgetLiveState, resolveLiveState, writeState } from './state';

/** A candidate waiting out the grace period: a delivery on its way may still account for it. */
interface Pending extends Candidate {
	list: CatchUpList;
	since: number;
}

/**
 * The catch-up sweep of one trigger node, on the leader. Every `intervalMs` a pass reads the lists of
 * the selected events; what neither a delivery nor an earlier pass accounts for waits out the grace
 * period and is then passed on as a caught-up item. A pass that the rate budget interrupts goes on at
 * the next tick where it stopped.
 */
export class CatchUpEngine {
	private reader?: ListReader;
	private passStartedAt?: number;
	private readonly pending = new Map<string, Pending>();
	private readonly unavailable = new Set<string>();
	private closed = false;

	private live?: LiveState;

	constructor(
		private readonly context: ITriggerFunctions,
		private readonly plan: CatchUpPlan,
	) {}

	/** The trigger closed: nothing more runs, and this process forgets the state it kept for the node (unless a newer one replaced it). */
	close(): void {
		this.closed = true;
		if (!this.live) return;
		this.live.closed = true;
		forgetLiveState(nodeKey(this.context), this.live);
	}

	/** One tick: pass on what waited long enough, then read as many pages as the budget allows. */
	async tick(now: number = Date.now()): Promise<void> {
		if (this.closed) return;
		// Resolved at each tick, not at construction: on n8n 2.x set-up (which takes the baseline at a
		// fresh activation) runs alongside trigger(), and may replace the state after trigger() started.
		const live = resolveLiveState(this.context);
		if (live !== this.live) {
			this.live = live;
			this.reader = undefined;
			this.passStartedAt = undefined;
		}
		await this.passOnDue(now);
		if (!this.reader) {
			if (this.passStartedAt !== undefined && now - this.passStartedAt < this.plan.intervalMs) return;
			const lists = this.plan.lists.filter((list) => !this.unavailable.has(list.key));
			this.passStartedAt = now;
			this.reader = new ListReader(this.context, live.state, this.plan.events, lists);
		}
		const reader = this.reader;
		const stop = await reader.read((list, candidates) => this.hold(list, candidates));
		for (const key of reader.unavailable) this.unavailable.add(key);
		if (stop === 'done') this.reader = undefined;
		await this.passOnDue(Date.now());
	}

	private hold(list: CatchUpList, candidates: Candidate[]): void {
		const now = Date.now();
		for (const candidate of candidates) {
			const key = `${list.key}:${candidate.id}`;
			this.pending.set(key, { ...candidate, list, since: this.pending.get(key)?.since ?? now });
		}
	}

	/** Whether a delivery (or an earlier catch-up) has since passed the object on, as it is now. */
	private accountedFor(waiting: Pending): boolean {
		const delivered = passedOn(nodeKey(this.context), waiting.list.key, waiting.id);
		if (!delivered) return false;
		return waiting.event.catchUp?.finds === 'new' || delivered.content === undefined || delivered.content === waiting.content;
	}

	/** Passes on every pending object whose grace is over and that nothing accounts for yet, a few at a time. */
	private async passOnDue(now: number): Promise<void> {
		const { live } = this;
		if (!live) return;
		const due: Pending[] = [];
		for (const [key, waiting] of this.pending) {
			if (now - waiting.since < this.plan.graceMs) continue;
			this.pending.delete(key);
			const state = live.state.lists[waiting.list.key];
			if (!state) continue;
			// Recorded before the emits, whose save then carries the marks: a restart does not pass them on again.
			state.seen.set(fingerprint(waiting.id), waiting.content);
			if (!this.accountedFor(waiting)) due.push(waiting);
		}
		if (due.length === 0) return;
		live.state.revision++;
		writeState(this.context.getWorkflowStaticData('node'), encodeState(live.state));
		const passed: Pending[] = [];
		for (let start = 0; start < due.length && !this.closed; start += CONCURRENT_PASS_ONS) {
			// Asked again before each group: while a long backlog is passed on, Aurora's retries keep delivering.
			const batch = due.slice(start, start + CONCURRENT_PASS_ONS).filter((waiting) => !this.accountedFor(waiting));
			passed.push(...batch);
			const outcomes = await Promise.all(
				batch.map(async (waiting) => await passOn.call(this.context, waiting, { list: waiting.list.key, retrieveDetails: this.plan.retrieveDetails })),
			);
			outcomes.forEach((outcome, index) => {
				// Not started: forgotten, so that the next pass finds it again.
				if (!outcome.reached) live.state.lists[batch[index].list.key]?.seen.set(fingerprint(batch[index].id), batch[index].previous);
			});
		}
		if (passed.length === 0) return;
		const events = [...new Set(passed.map((waiting) => waiting.event.event))].join(', ');
		this.context.logger.info(`Aurora Solar Trigger: caught up ${passed.length} event(s) that Aurora had not delivered (${events}).`);
	}
}
