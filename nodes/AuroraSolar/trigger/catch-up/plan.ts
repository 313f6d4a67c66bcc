import type { AuroraEvent, CatchUpList } from '../../events';
import { findEvent } from '../../events';
import { selectedEvents } from '../node/identity';
import type { ReceiveVia } from '../node/settings';
import { catchUpWanted, checkIntervalMinutes, pollIntervalMinutes, receiveVia, retrieveDetails } from '../node/settings';

/**
 * How long an object nothing accounts for waits before it is passed on, when webhooks deliver: long
 * enough for a delivery on its way (Aurora answers within seconds; its first redelivery comes after 30 s).
 */
export const GRACE_MS = 2 * 60_000;

/** What the catch-up of one node does: which selected events it serves, from which lists, how often. */
export interface CatchUpPlan {
	via: ReceiveVia;
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
export function catchUpPlan(context: Parameters<typeof catchUpWanted>[0]): CatchUpPlan | undefined {
	const via = receiveVia(context);
	if (via === 'webhooks' && !catchUpWanted(context)) return undefined;
	const events = selectedEvents(context)
		.map((event) => findEvent(event))
		.filter((definition): definition is AuroraEvent => definition?.catchUp !== undefined);
	if (events.length === 0) return undefined;
	const lists = [...new Set(events.flatMap((definition) => (definition.catchUp ? [definition.catchUp.list] : [])))];
	const interval = via === 'polling' ? pollIntervalMinutes(context) : checkIntervalMinutes(context);
	return {
		via,
		events,
		lists,
		intervalMs: interval * 60_000,
		// Polling has no delivery to wait for.
		graceMs: via === 'polling' ? 0 : GRACE_MS,
		retrieveDetails: retrieveDetails(context),
	};
}
