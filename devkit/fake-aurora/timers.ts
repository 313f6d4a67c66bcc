/**
 * Timers for things Aurora does on its own some time after a request (for now: completing a
 * design request). Kept in one place so an admin reset and close() can cancel them all: a stray
 * timer would change state after a test has moved on, or hold the process open.
 */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();

	/** Runs `fn` after `ms` real milliseconds unless cancelled first. */
	after(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			try {
				fn();
			} catch (err) {
				// A bug in the fake: say so on stderr instead of crashing the process that hosts it.
				console.error('[fake-aurora] timer failed:', err);
			}
		}, ms);
		this.timers.add(timer);
	}

	get size(): number {
		return this.timers.size;
	}

	cancelAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}
