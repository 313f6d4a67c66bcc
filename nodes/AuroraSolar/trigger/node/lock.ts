/**
 * One piece of work at a time per lock in this process. Each trigger node has three locks:
 * - its subscriptions (the node's key): on n8n 2.x the webhook set-up and trigger() start together, so
 *   without it the scheduled check could look at Aurora while create() is half done and add a twin;
 * - its catch-up (catchUpLock): the baseline and the sweep's ticks never run at once;
 * - its delivery record (recordLock): executions take turns with n8n's dedupe store, which writes back
 *   the list it read.
 */
const running = new Map<string, Promise<unknown>>();

/** The per-node lock of the catch-up. */
export function catchUpLock(nodeKey: string): string {
	return `${nodeKey}:catch-up`;
}

/** The per-node lock of the delivery record. */
export function recordLock(nodeKey: string): string {
	return `${nodeKey}:delivery-record`;
}

export function isBusy(key: string): boolean {
	return running.has(key);
}

/** Runs `work` after any change already running for the same key. */
export async function exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
	while (running.has(key)) {
		try {
			await running.get(key);
		} catch {
			// The earlier change reported its own failure; ours starts afresh.
		}
	}
	const promise = work();
	running.set(key, promise);
	try {
		return await promise;
	} finally {
		if (running.get(key) === promise) running.delete(key);
	}
}
