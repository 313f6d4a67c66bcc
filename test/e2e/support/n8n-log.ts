import { existsSync, readFileSync, statSync } from 'fs';

import type { N8nInstance, ProcessRole } from '../../../devkit/n8n/n8n-instance';

/** Where n8n's log file ends now; pass it to logSince() to read only what n8n logs from here on. */
export function logOffset(n8n: N8nInstance, role: ProcessRole = 'main'): number {
	const file = n8n.logFile(role);
	return existsSync(file) ? statSync(file).size : 0;
}

/** What the n8n process wrote to its log since `offset`: what a self-hoster reads in `docker logs`. */
export function logSince(n8n: N8nInstance, offset: number, role: ProcessRole = 'main'): string {
	const file = n8n.logFile(role);
	return existsSync(file) ? readFileSync(file).subarray(offset).toString('utf8') : '';
}

/** The lines of a log that mention the Aurora Solar Trigger, for failure messages and reports. */
export function triggerLines(log: string): string {
	return log
		.split('\n')
		.filter((line) => /Aurora Solar Trigger|aurora/i.test(line))
		.join('\n');
}
