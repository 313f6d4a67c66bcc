/** What to print when the demo fails: executions, Aurora deliveries and the last n8n log lines. */
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { ExecutionSummary, N8nInstance } from '../../devkit/n8n/n8n-instance';

interface ExecutionData {
	resultData?: { error?: { message?: string; description?: string }; lastNodeExecuted?: string };
}

function executionError(execution: ExecutionSummary): string | undefined {
	const result = (execution.data as ExecutionData | undefined)?.resultData;
	if (!result?.error) return undefined;
	return `${result.lastNodeExecuted ?? '?'}: ${result.error.message ?? ''}${result.error.description ? ` (${result.error.description})` : ''}`;
}

/** "Node: message" of the first failed execution of the workflow, if any failed. */
export async function firstExecutionError(n8n: N8nInstance, workflowId: string): Promise<string | undefined> {
	const failed = await n8n.listExecutions({ workflowId, status: 'error' });
	if (failed.length === 0) return undefined;
	const oldest = failed[failed.length - 1];
	return executionError(await n8n.getExecution(oldest.id, true)) ?? `execution ${oldest.id} failed`;
}

async function executionSummary(n8n: N8nInstance, workflowId: string): Promise<string[]> {
	const executions = await n8n.listExecutions({ workflowId, includeData: true });
	if (executions.length === 0) return ['workflow executions: none (did Aurora deliver to n8n?)'];
	const byStatus = new Map<string, number>();
	for (const execution of executions) byStatus.set(execution.status, (byStatus.get(execution.status) ?? 0) + 1);
	const lines = [`workflow executions: ${[...byStatus].map(([status, count]) => `${count} ${status}`).join(', ')}`];
	const failed = executions.map(executionError).filter((error): error is string => !!error);
	for (const error of [...new Set(failed)].slice(0, 3)) lines.push(`  error in ${error}`);
	return lines;
}

async function deliverySummary(fakeUrl: string): Promise<string[]> {
	const state = await new FakeAuroraClient(fakeUrl).deliveryState();
	const failed = state.deliveries.filter((delivery) => !delivery.ok);
	const lines = [
		`Aurora deliveries: ${state.deliveries.length} attempts, ${failed.length} failed, ${state.pendingRetries} retries pending`,
	];
	for (const delivery of failed.slice(-3)) {
		lines.push(`  ${delivery.event} attempt ${delivery.attempt}: ${delivery.status ?? delivery.error ?? 'failed'}`);
	}
	return lines;
}

/** Best-effort: each part that cannot be read is skipped. */
export async function diagnose(parts: { n8n?: N8nInstance; workflowId?: string; fakeUrl?: string; logLines?: number }): Promise<string> {
	const lines: string[] = [];
	const attempt = async (fn: () => Promise<string[]>) => {
		try {
			lines.push(...(await fn()));
		} catch {
			// the process behind it may be gone; the log tail below still helps
		}
	};
	if (parts.n8n?.apiKey && parts.workflowId) await attempt(() => executionSummary(parts.n8n as N8nInstance, parts.workflowId as string));
	if (parts.fakeUrl && parts.workflowId) await attempt(() => deliverySummary(parts.fakeUrl as string));
	if (parts.n8n?.process()) {
		lines.push(`--- last n8n log lines (${parts.n8n.logFile()}) ---`, parts.n8n.process()?.tail(parts.logLines ?? 40).trimEnd() ?? '');
	}
	return lines.join('\n');
}
