/**
 * One subscription change at a time per trigger node in this process. On n8n 2.x the webhook
 * set-up and trigger() start together, so without this the scheduled check could look at Aurora
 * while create() is half done and add a twin.
 */
const running = new Map<string, Promise<unknown>>();

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
