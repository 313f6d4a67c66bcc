/**
 * Virtual time, for running the package's own asynchronous code (the catch-up engine, the transport,
 * n8n's `sleep`) as if a day passed in moments. While `run` lasts, `Date.now`, `setTimeout` and
 * `clearTimeout` are the clock's: timers fire in time order (ties in the order they were set), and
 * before the clock moves on, every promise chain they started has settled. Nothing real may be awaited
 * meanwhile (no sockets, no files): the code under test talks to models that answer on this clock.
 */
interface Timer {
	at: number;
	seq: number;
	fire: () => void;
}

const real = { now: Date.now, setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setImmediate: globalThis.setImmediate };

export class VirtualTime {
	now: number;
	private readonly heap: Timer[] = [];
	private readonly cancelled = new Set<number>();
	private seq = 0;

	constructor(start: number) {
		this.now = start;
	}

	/** Runs `fire` at `at` on this clock; returns the timer's id. */
	at(at: number, fire: () => void): number {
		const timer = { at: Math.max(at, this.now), seq: this.seq++, fire };
		this.heap.push(timer);
		let index = this.heap.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!before(this.heap[index], this.heap[parent])) break;
			[this.heap[index], this.heap[parent]] = [this.heap[parent], this.heap[index]];
			index = parent;
		}
		return timer.seq;
	}

	/** A promise that resolves `ms` later on this clock. */
	async sleep(ms: number): Promise<void> {
		await new Promise<void>((resolve) => this.at(this.now + ms, resolve));
	}

	/**
	 * Fires timers in time order until `done()` holds, none is left, or the next lies past `until`;
	 * the globals are the clock's meanwhile and restored after.
	 */
	async run(until: number, done: () => boolean = () => false): Promise<void> {
		const restore = this.install();
		try {
			await settle();
			while (this.heap.length > 0 && !done()) {
				const next = this.heap[0];
				if (next.at > until) break;
				this.now = next.at;
				// Every timer of this instant, then one settling of what they started.
				while (this.heap.length > 0 && this.heap[0].at === this.now) {
					const timer = this.pop();
					if (this.cancelled.delete(timer.seq)) continue;
					timer.fire();
				}
				await settle();
			}
		} finally {
			restore();
		}
	}

	private install(): () => void {
		globalThis.Date.now = () => this.now;
		globalThis.setTimeout = ((fire: () => void, ms?: number) => this.at(this.now + Math.max(0, ms ?? 0), fire)) as unknown as typeof setTimeout;
		globalThis.clearTimeout = ((id: number) => this.cancelled.add(id)) as unknown as typeof clearTimeout;
		return () => {
			globalThis.Date.now = real.now;
			globalThis.setTimeout = real.setTimeout;
			globalThis.clearTimeout = real.clearTimeout;
		};
	}

	private pop(): Timer {
		const top = this.heap[0];
		const last = this.heap.pop() as Timer;
		if (this.heap.length > 0) {
			this.heap[0] = last;
			let index = 0;
			for (;;) {
				const left = index * 2 + 1;
				const right = left + 1;
				let smallest = index;
				if (left < this.heap.length && before(this.heap[left], this.heap[smallest])) smallest = left;
				if (right < this.heap.length && before(this.heap[right], this.heap[smallest])) smallest = right;
				if (smallest === index) break;
				[this.heap[index], this.heap[smallest]] = [this.heap[smallest], this.heap[index]];
				index = smallest;
			}
		}
		return top;
	}
}

function before(a: Timer, b: Timer): boolean {
	return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Lets every promise chain started so far run until it waits on the clock: microtasks drain before each real macrotask. */
async function settle(): Promise<void> {
	for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => real.setImmediate(resolve));
}
