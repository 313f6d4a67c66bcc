import type { IExecuteFunctions, INode } from 'n8n-workflow';

/**
 * How the node is set, read once per call from its parameters with their defaults. Every job of the
 * trigger takes its settings from here.
 */
export interface SettingsSource {
	getNodeParameter(name: string, fallback: unknown): unknown;
	getNode(): Pick<INode, 'typeVersion'>;
}

/** How the trigger receives events: Aurora's webhooks (with the catch-up behind them), or polling alone. */
export type ReceiveVia = 'webhooks' | 'polling';

export interface TriggerSettings {
	/** The selected events, each once. */
	events: string[];
	receiveVia: ReceiveVia;
	/** Options → Subscription Check Interval: how often the subscriptions are checked (and the catch-up sweeps, with webhooks). */
	checkIntervalMinutes: number;
	/** Poll Interval: how often polling lists Aurora's objects. */
	pollIntervalMinutes: number;
	/** Options → Catch Up Missed Events, or the version's default when it is not set (polling lists in any case). */
	catchUp: boolean;
	retrieveDetails: boolean;
}

export const DEFAULT_CHECK_INTERVAL_MINUTES = 15;
export const DEFAULT_POLL_INTERVAL_MINUTES = 5;
/** The first trigger version that catches up by default; earlier versions keep their behaviour unless switched on. */
export const CATCH_UP_BY_DEFAULT_FROM = 1.2;

function minutes(value: unknown, fallback: number): number {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) ? Math.min(1440, Math.max(1, Math.round(number))) : fallback;
}

export function readSettings(context: SettingsSource): TriggerSettings {
	const events = context.getNodeParameter('events', []);
	const options = (context.getNodeParameter('options', {}) ?? {}) as Record<string, unknown>;
	return {
		events: [...new Set(Array.isArray(events) ? events.filter((event): event is string => typeof event === 'string') : [])],
		receiveVia: context.getNodeParameter('receiveEventsVia', 'webhooks') === 'polling' ? 'polling' : 'webhooks',
		checkIntervalMinutes: minutes(options.checkIntervalMinutes, DEFAULT_CHECK_INTERVAL_MINUTES),
		pollIntervalMinutes: minutes(context.getNodeParameter('pollIntervalMinutes', DEFAULT_POLL_INTERVAL_MINUTES), DEFAULT_POLL_INTERVAL_MINUTES),
		catchUp: typeof options.catchUp === 'boolean' ? options.catchUp : context.getNode().typeVersion >= CATCH_UP_BY_DEFAULT_FROM,
		retrieveDetails: context.getNodeParameter('retrieveDetails', true) !== false,
	};
}

/** The settings inside an execution (the trigger's execute()), where n8n reads parameters per item. */
export function executionSettings(context: IExecuteFunctions): TriggerSettings {
	return readSettings({ getNodeParameter: (name, fallback) => context.getNodeParameter(name, 0, fallback), getNode: () => context.getNode() });
}
