import type { INode } from 'n8n-workflow';

/**
 * Who this trigger node is, for every job of the trigger: deliveries, subscriptions, the schedule and
 * the delivery record all read the node's key from here.
 */
interface NodeContext {
	getNode(): INode;
	getWorkflow(): { id?: string };
	getMode(): string;
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
