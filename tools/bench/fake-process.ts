/**
 * The fake Aurora in its own process (devkit/fake-aurora/cli.ts through tsx), so the fake's work and
 * the load generator's do not share one event loop. Driven over HTTP with the admin client.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { ManagedProcess } from '../../devkit/managed-process';
import { sleep } from '../../devkit/http';

export interface FakeProcess {
	url: string;
	tenantId: string;
	token: string;
	admin: FakeAuroraClient;
	pid: number;
	stop(): Promise<void>;
}

const root = path.join(__dirname, '..', '..');

export async function startFakeProcess(args: string[] = []): Promise<FakeProcess> {
	const logDir = mkdtempSync(path.join(tmpdir(), 'aurora-bench-fake-'));
	const proc = new ManagedProcess({
		name: 'fake-aurora',
		command: path.join(root, 'node_modules', '.bin', 'tsx'),
		args: [path.join(root, 'devkit', 'fake-aurora', 'cli.ts'), '--port', '0', ...args],
		cwd: root,
		env: { ...process.env, NODE_ENV: 'production' },
		logFile: path.join(logDir, 'fake-aurora.log'),
	});
	proc.start();
	const deadline = Date.now() + 60_000;
	for (;;) {
		const line = /^\{"url":.*\}$/m.exec(proc.logs())?.[0];
		if (line) {
			const info = JSON.parse(line) as { url: string; tenantId: string; token: string };
			return { ...info, admin: new FakeAuroraClient(info.url), pid: proc.pid ?? 0, stop: () => proc.stop(5_000) };
		}
		if (proc.exited || Date.now() > deadline) throw new Error(`fake Aurora did not start:\n${proc.tail(30)}`);
		await sleep(100);
	}
}
