import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { findEvent } from '../events';
import { catchUpPlan } from './catch-up/plan';
import { exclusively, recordLock } from './node/lock';
import { nodeKey } from './node/identity';
import { executionSettings } from './node/settings';
import { comparesContent, passedOnObject } from './node/passed-on';

/**
 * What deliveries passed on, where every n8n process can read it: n8n's dedupe store (the
 * `processed_data` table that Remove Duplicates uses), scoped to this node. The trigger's execute()
 * runs first in every execution the trigger starts, on the main instance or on a queue-mode worker:
 *
 * - in an execution a delivery started, it records the object (`leads:<id>`, and `leads:<id>:<content>`
 *   when the node compares contents);
 * - in an execution the catch-up started, it looks the object up: a lead a delivery already passed on
 *   (with the same content, when the node compares contents: a lead that changed since its delivery
 *   carries a change) is not passed on again, and the execution ends at the trigger with no item.
 *
 * So the catch-up never passes on again what a webhook processor delivered (queue mode), or what this
 * process delivered before a restart or a crash and its saved state does not hold yet. Static data
 * cannot carry this: on n8n 2.x an execution on a worker starts from empty static data, and n8n writes
 * it back whole (test/e2e/n8n-static-data.e2e.test.ts).
 *
 * n8n reads and writes the store without a lock or a transaction, so executions at the same moment
 * would each write back the list they read, dropping what the other added. Within one process they
 * take turns here; across queue-mode workers they can still collide. A miss costs at most a caught-up
 * copy of something already delivered, never a lead: when the store fails, the item is passed on.
 */

/** Entries the store keeps per node, oldest dropped first: enough for the catch-up to see a day of deliveries on busy tenants. */
export const RECORDED_ENTRIES = 2_000;

const OPTIONS = { mode: 'entries', maxEntries: RECORDED_ENTRIES } as const;

interface Recordable {
	keys: string[];
	/** The key that says a delivery passed it on: for a caught-up item, the one to look up. */
	lookup?: string;
	caughtUp: boolean;
	label: string;
}

/** What an item the trigger started the workflow with means to the store, if anything. */
function recordable(json: IDataObject, selected: string[]): Recordable | undefined {
	const definition = typeof json.event === 'string' ? findEvent(json.event) : undefined;
	if (!definition?.catchUp || json.error !== undefined) return undefined;
	const id = json[definition.fetch.idAttribute];
	if (typeof id !== 'string' || id === '') return undefined;
	const object = json[definition.fetch.key];
	const passing = passedOnObject(definition, selected, object !== null && typeof object === 'object' ? (object as IDataObject) : undefined);
	if (!passing) return undefined;
	const byId = `${passing.list.key}:${id}`;
	const byContent = passing.content === undefined ? undefined : `${byId}:${passing.content.toString(16)}`;
	// Where contents are compared, a lead that changed since a delivery carries that change, whichever event finds it.
	const compares = comparesContent(passing.list, selected);
	return {
		keys: byContent ? [byId, byContent] : [byId],
		lookup: compares ? byContent : byId,
		caughtUp: json.caught_up === true,
		label: `${definition.fetch.label.toLowerCase()} ${id}`,
	};
}

/** Whether a delivery recorded this key. Looking up records it, so a key that was not there is removed again. */
async function deliveredAlready(context: IExecuteFunctions, key: string): Promise<boolean> {
	const { processed } = await context.helpers.checkProcessedAndRecord([key], 'node', OPTIONS);
	if (processed.length > 0) return true;
	await context.helpers.removeProcessed([key], 'node', OPTIONS);
	return false;
}

/**
 * The items this execution passes on: every delivered one (recorded on the way), and every caught-up
 * one that no delivery passed on before. Test runs ("Listen for test event") touch nothing.
 */
export async function passOnOnce(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0 || this.getMode() === 'manual') return items;
	const settings = executionSettings(this);
	if (!catchUpPlan(settings)) return items;
	return await exclusively(recordLock(nodeKey(this)), async () => await passOn(this, items, settings.events));
}

async function passOn(context: IExecuteFunctions, items: INodeExecutionData[], selected: string[]): Promise<INodeExecutionData[]> {
	const kept: INodeExecutionData[] = [];
	for (const item of items) {
		const entry = recordable(item.json, selected);
		try {
			if (entry && !entry.caughtUp) await context.helpers.checkProcessedAndRecord(entry.keys, 'node', OPTIONS);
			if (entry?.caughtUp && entry.lookup !== undefined && (await deliveredAlready(context, entry.lookup))) {
				context.logger.info(`Aurora Solar Trigger: the catch-up found ${entry.label}, which a delivery already passed on (on another n8n process, or before a restart); it is not passed on again.`);
				continue;
			}
		} catch (error) {
			context.logger.info(`Aurora Solar Trigger: n8n's dedupe store could not be used for ${entry?.label ?? 'an item'} (${(error as Error).message}); the item is passed on.`);
		}
		kept.push(item);
	}
	return kept;
}
