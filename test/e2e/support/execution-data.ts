import type { ExecutionSummary } from '../../../devkit/n8n/n8n-instance';

type Json = Record<string, unknown>;

interface RunData {
	[node: string]: Array<{ data?: { main?: Array<Array<{ json: Json }> | null> }; error?: { message?: string } }>;
}

function runData(execution: ExecutionSummary): RunData {
	const data = execution.data as { resultData?: { runData?: RunData } } | undefined;
	return data?.resultData?.runData ?? {};
}

/** The JSON items a node produced in an execution (first run, first output). */
export function nodeOutput(execution: ExecutionSummary, node: string): Json[] {
	const runs = runData(execution)[node];
	if (!runs || runs.length === 0) return [];
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

export function nodeError(execution: ExecutionSummary, node: string): string | undefined {
	return runData(execution)[node]?.[0]?.error?.message;
}

export function executedNodes(execution: ExecutionSummary): string[] {
	return Object.keys(runData(execution));
}
