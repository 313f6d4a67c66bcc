/**
 * Samples n8n's CPU for a chosen stretch of time through the V8 inspector (Chrome DevTools
 * Protocol over a WebSocket), so start-up is not in the profile. n8n must run with
 * NODE_OPTIONS=--inspect=127.0.0.1:0; the main process prints its WebSocket URL first.
 */
import { WebSocket } from 'undici';

import type { N8nInstance } from '../../devkit/n8n/n8n-instance';

export interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	hitCount?: number;
	children?: number[];
}

export interface CpuProfile {
	nodes: CpuProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export const INSPECT_ENV = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
			if (message.id === undefined) return;
			const waiter = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.error) waiter?.reject(new Error(message.error.message));
			else waiter?.resolve(message.result);
		});
	}

	static async attach(n8n: N8nInstance): Promise<Inspector> {
		const log = n8n.process('main')?.currentRunLogs() ?? '';
		const url = /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1];
		if (!url) throw new Error('n8n was not started with --inspect (no "Debugger listening" line in its log)');
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve());
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
		});
		return new Inspector(socket);
	}

	send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	async startProfiling(intervalUs = 200): Promise<void> {
		await this.send('Profiler.enable');
		await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await this.send('Profiler.start');
	}

	async stopProfiling(): Promise<CpuProfile> {
		const { profile } = await this.send<{ profile: CpuProfile }>('Profiler.stop');
		return profile;
	}

	close(): void {
		this.socket.close();
	}
}
