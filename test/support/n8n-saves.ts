/**
 * Stand-ins for what n8n does with a trigger's state, as test/e2e/n8n-static-data.e2e.test.ts shows
 * a real n8n 2.41.1 and 1.123.81 doing it. Unit tests that model a save or the dedupe store use these,
 * never a rule of their own.
 */
import { createHash } from 'crypto';
import type { IWebhookResponseData } from 'n8n-workflow';

/** The n8n release lines whose saving differs. */
export type N8nLine = '1.x' | '2.x';

export const N8N_LINES: N8nLine[] = ['2.x', '1.x'];

/**
 * Whether n8n saves what a webhook() call changed in static data. A call that starts no execution is
 * saved, and so is one that answered the request itself before the execution starts. One that starts
 * an execution and lets n8n answer is saved on 1.x only: 2.x answers (and saves) after
 * WorkflowRunner.run has reset the change flag.
 */
export function webhookCallSaved(line: N8nLine, response: IWebhookResponseData): boolean {
	if (response.workflowData === undefined || response.noWebhookResponse === true) return true;
	return line === '1.x';
}

/**
 * n8n's dedupe store (`processed_data`), mode `entries`, as n8n's DeduplicationHelper keeps it: one list
 * of MD5 digests per workflow and node, the oldest dropped beyond `maxEntries`; checking records what was
 * new. Like n8n it reads the list, awaits, then writes back the whole list it read, so calls at the same
 * moment lose each other's additions. `failNext` makes the next call throw, as two first executions
 * colliding on the row do.
 */
export class DedupeStore {
	private readonly rows = new Map<string, string[]>();
	failNext?: Error;
	calls = 0;

	private static digest(value: string): string {
		return createHash('md5').update(value).digest('base64');
	}

	/** The row as a query returns it: a copy, after a turn of the event loop. */
	private async read(row: string): Promise<string[]> {
		this.calls++;
		const failure = this.failNext;
		this.failNext = undefined;
		const list = [...(this.rows.get(row) ?? [])];
		await new Promise((resolve) => setImmediate(resolve));
		if (failure) throw failure;
		return list;
	}

	async checkProcessedAndRecord(row: string, values: string[], maxEntries?: number): Promise<{ new: string[]; processed: string[] }> {
		const list = await this.read(row);
		const result = { new: [] as string[], processed: [] as string[] };
		for (const value of values) {
			const digest = DedupeStore.digest(value);
			if (list.includes(digest)) result.processed.push(value);
			else {
				result.new.push(value);
				list.push(digest);
			}
		}
		if (maxEntries) list.splice(0, Math.max(0, list.length - maxEntries));
		this.rows.set(row, list);
		return result;
	}

	async removeProcessed(row: string, values: string[]): Promise<void> {
		const list = await this.read(row);
		for (const value of values) {
			const index = list.indexOf(DedupeStore.digest(value));
			if (index !== -1) list.splice(index, 1);
		}
		this.rows.set(row, list);
	}

	has(row: string, value: string): boolean {
		return this.rows.get(row)?.includes(DedupeStore.digest(value)) ?? false;
	}

	size(row: string): number {
		return this.rows.get(row)?.length ?? 0;
	}
}
