import type { AuroraEvent, CatchUpList } from '../../events';
import { LISTABLE_EVENTS } from '../../events';
import type { TriggerSettings } from '../node/settings';

/**
 * How long an object nothing accounts for waits before it is passed on, when webhooks deliver: long
 * enough for a delivery on its way (Aurora answers within seconds; its first redelivery comes after 30 s).
 */
export const GRACE_MS = 2 * 60_000;

/** What the catch-up of one node does: which selected events it serves, from which lists, how often. */
export interface CatchUpPlan {
	events: AuroraEvent[];
	lists: CatchUpList[];
	intervalMs: number;
	graceMs: number;
	retrieveDetails: boolean;
}

/**
 * The plan, or undefined when the node does not catch up: webhooks without the option (trigger 1 and
 * 1.1 by default, or switched off), or no selected event that a list can serve.
 */
export function catchUpPlan(settings: TriggerSettings): CatchUpPlan | undefined {
	const polling = settings.receiveVia === 'polling';
	if (!polling && !settings.catchUp) return undefined;
	const events = LISTABLE_EVENTS.filter((definition) => settings.events.includes(definition.event));
	if (events.length === 0) return undefined;
	const lists = [...new Set(events.flatMap((definition) => (definition.catchUp ? [definition.catchUp.list] : [])))];
	return {
		events,
		lists,
		intervalMs: (polling ? settings.pollIntervalMinutes : settings.checkIntervalMinutes) * 60_000,
		// Polling has no delivery to wait for.
		graceMs: polling ? 0 : GRACE_MS,
		retrieveDetails: settings.retrieveDetails,
	};
}
