/**
 * When an n8n process is ready for the tests. `GET /healthz/readiness` answers 200 before the routes
 * exist, so the main process is ready only when `/rest/settings` answers JSON 200 and
 * `/api/v1/workflows` JSON 401; a worker when its health server answers and it logged "n8n worker is
 * now ready"; a webhook processor when an unknown production webhook gets n8n's JSON 404.
 */
import { http, sleep } from '../http';
import type { ManagedProcess } from '../managed-process';
import type { ProcessRole } from './process-env';

export interface ReadinessTarget {
	version: string;
	/** The main process, http://127.0.0.1:<port>. */
	baseUrl: string;
	webhookPort: number;
	workerHealthPort: number;
	logFile(role: ProcessRole): string;
}

/** Probe one process once: true when it serves what the tests need, else what is missing. */
export async function probe(target: ReadinessTarget, role: ProcessRole, proc: ManagedProcess): Promise<string | true> {
	const get = (url: string) => http('GET', url, { timeoutMs: 5000 });
	if (role === 'worker') {
		const r = await get(`http://127.0.0.1:${target.workerHealthPort}/healthz/readiness`);
		if (r.status !== 200) return `worker /healthz/readiness ${r.status}`;
		// the health server listens a moment before the worker subscribes to the queue
		return /n8n worker is now ready/.test(proc.currentRunLogs()) ? true : 'worker: no "ready" log line yet';
	}
	const base = role === 'webhook' ? `http://127.0.0.1:${target.webhookPort}` : target.baseUrl;
	const h = await get(`${base}/healthz/readiness`);
	if (h.status !== 200) return `${role} /healthz/readiness ${h.status}`;
	if (role === 'webhook') {
		// routes are mounted when an unknown production webhook gets n8n's JSON 404
		const w = await get(`${base}/webhook/__aurora_harness_probe__`);
		return w.status === 404 && w.json !== undefined ? true : `webhook probe ${w.status} ${w.text.slice(0, 80)}`;
	}
	const s = await get(`${base}/rest/settings`);
	if (s.status !== 200 || s.json === undefined) return `/rest/settings ${s.status} ${s.text.slice(0, 80)}`;
	const a = await get(`${base}/api/v1/workflows`);
	if (a.status !== 401 || a.json === undefined) return `/api/v1/workflows ${a.status} ${a.text.slice(0, 80)}`;
	return true;
}

/** Probe every 500 ms until ready; throws with the log tail when the process exits or time runs out. */
export async function waitReady(target: ReadinessTarget, role: ProcessRole, proc: ManagedProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'not probed yet';
	while (Date.now() < deadline) {
		if (proc.exited) {
			throw new Error(
				`n8n ${target.version} ${role} exited early (code ${proc.exited.code}, signal ${proc.exited.signal}); ` +
					`log ${target.logFile(role)}\n--- last log lines ---\n${proc.tail(60)}`,
			);
		}
		try {
			const r = await probe(target, role, proc);
			if (r === true) return;
			last = r;
		} catch (e) {
			last = (e as Error).message;
		}
		await sleep(500);
	}
	throw new Error(
		`n8n ${target.version} ${role} not ready after ${timeoutMs} ms (last probe: ${last}); ` +
			`log ${target.logFile(role)}\n--- last log lines ---\n${proc.tail(60)}`,
	);
}
