/**
 * A virtual clock for the catch-up model: steps are generators that yield how long they wait (ms),
 * run in time order, ties first come first served. Nothing really waits, so a day of Aurora's retry
 * ladder runs in well under a second.
 */
export type Step = Generator<number, void, void>;

interface Entry {
	at: number;
	seq: number;
	step: Step;
}

export class SimClock {
	now: number;
	private readonly heap: Entry[] = [];
	private seq = 0;

	constructor(start = 0) {
		this.now = start;
	}

	spawn(step: Step, at: number = this.now): void {
		this.heap.push({ at, seq: this.seq++, step });
		let index = this.heap.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!this.before(this.heap[index], this.heap[parent])) break;
			[this.heap[index], this.heap[parent]] = [this.heap[parent], this.heap[index]];
			index = parent;
		}
	}

	/** Runs steps in time order until `done()` holds, nothing is left, or the next step lies past `horizon`. */
	run(done: () => boolean, horizon: number): void {
		while (this.heap.length > 0 && !done()) {
			const next = this.pop();
			if (next.at > horizon) return;
			this.now = next.at;
			const result = next.step.next();
			if (!result.done) this.spawn(next.step, this.now + result.value);
		}
	}

	private before(a: Entry, b: Entry): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private pop(): Entry {
		const top = this.heap[0];
		const last = this.heap.pop() as Entry;
		if (this.heap.length > 0) {
			this.heap[0] = last;
			let index = 0;
			for (;;) {
				const left = index * 2 + 1;
				const right = left + 1;
				let smallest = index;
				if (left < this.heap.length && this.before(this.heap[left], this.heap[smallest])) smallest = left;
				if (right < this.heap.length && this.before(this.heap[right], this.heap[smallest])) smallest = right;
				if (smallest === index) break;
				[this.heap[index], this.heap[smallest]] = [this.heap[smallest], this.heap[index]];
				index = smallest;
			}
		}
		return top;
	}
}

/**
 * One API key at Aurora as the fake models it (devkit/fake-aurora/rate-limit.ts): at most `limit`
 * accepted requests in any sliding window, refused ones not counted, Retry-After in whole seconds
 * until a slot frees. `others` are the times of another tool's requests on the same key; they take
 * their slots in time order, before whatever asks at a later time.
 */
export class KeyWindow {
	private readonly stamps: number[] = [];
	private head = 0;
	private nextOther = 0;
	othersRefused = 0;

	constructor(
		readonly limit = 90,
		readonly windowMs = 60_000,
		private readonly others: number[] = [],
	) {}

	request(now: number): { ok: true } | { ok: false; retryAfterS: number } {
		while (this.nextOther < this.others.length && this.others[this.nextOther] <= now) {
			if (!this.admit(this.others[this.nextOther]).ok) this.othersRefused++;
			this.nextOther++;
		}
		return this.admit(now);
	}

	private admit(now: number): { ok: true } | { ok: false; retryAfterS: number } {
		while (this.head < this.stamps.length && this.stamps[this.head] <= now - this.windowMs) this.head++;
		const counted = this.stamps.length - this.head;
		if (counted >= this.limit) {
			const waitMs = this.stamps[this.stamps.length - this.limit] + this.windowMs - now;
			return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
		}
		this.stamps.push(now);
		return { ok: true };
	}
}

/** Times of `perMinute` evenly spread requests from `from` to `to`. */
export function steadyRequests(perMinute: number, from: number, to: number): number[] {
	if (perMinute <= 0) return [];
	const gap = 60_000 / perMinute;
	const times: number[] = [];
	for (let at = from; at <= to; at += gap) times.push(at);
	return times;
}
