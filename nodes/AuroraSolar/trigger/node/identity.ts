import type { INode } from 'n8n-workflow';

/**
 * Who this trigger node is, for every job of the trigger: deliveries, subscriptions and the schedule
 * all read the node's selected events and its key from here.
 */
interface NodeContext {
	getNode(): INode;
	getWorkflow(): { id?: string };
	getMode(): string;
	getNodeParameter(name: string, fallback: unknown): unknown;
}

/** The events selected in the node, each once. */
export function selectedEvents(context: Pick<NodeContext, 'getNodeParameter'>): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	return [...new Set(Array.isArray(events) ? events : [])];
}

/**
 * Identifies one trigger node of one workflow in this process, its test listener ("Listen for test
 * event") apart: it has its own static data and its own subscriptions.
 */
export function nodeKey(context: Pick<NodeContext, 'getNode' | 'getWorkflow' | 'getMode'>): string {
	const node = context.getNode();
	const test = context.getMode() === 'manual' ? ':test' : '';
	return `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}${test}`;
}

/** A second of the minute derived from the node, so that many workflows do not all call Aurora at once. */
export function spreadSecond(context: Pick<NodeContext, 'getNode' | 'getWorkflow' | 'getMode'>): number {
	let sum = 0;
	for (const character of nodeKey(context)) sum = (sum * 31 + character.charCodeAt(0)) % 60;
	return sum;
}
