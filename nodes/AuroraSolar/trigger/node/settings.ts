import type { IDataObject } from 'n8n-workflow';

/** How the node is set, as every job of the trigger reads it: its parameters, with their defaults. */
interface ParameterContext {
	getNodeParameter(name: string, fallback: unknown): unknown;
	getNode(): { typeVersion: number };
}

/** How the trigger receives events: Aurora's webhooks (with the catch-up behind them), or polling alone. */
export type ReceiveVia = 'webhooks' | 'polling';

export const DEFAULT_CHECK_INTERVAL_MINUTES = 15;
export const DEFAULT_POLL_INTERVAL_MINUTES = 5;
/** The first trigger version that catches up by default; earlier versions keep their behaviour unless switched on. */
export const CATCH_UP_BY_DEFAULT_FROM = 1.2;

function minutes(value: unknown, fallback: number): number {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) ? Math.min(1440, Math.max(1, Math.round(number))) : fallback;
}

function options(context: Pick<ParameterContext, 'getNodeParameter'>): IDataObject {
	return context.getNodeParameter('options', {}) as IDataObject;
}

export function receiveVia(context: Pick<ParameterContext, 'getNodeParameter'>): ReceiveVia {
	return context.getNodeParameter('receiveEventsVia', 'webhooks') === 'polling' ? 'polling' : 'webhooks';
}

/** Options → Subscription Check Interval: how often the subscriptions are checked (and the catch-up sweeps, with webhooks). */
export function checkIntervalMinutes(context: Pick<ParameterContext, 'getNodeParameter'>): number {
	return minutes(options(context).checkIntervalMinutes, DEFAULT_CHECK_INTERVAL_MINUTES);
}

/** Poll Interval: how often polling lists Aurora's objects. */
export function pollIntervalMinutes(context: Pick<ParameterContext, 'getNodeParameter'>): number {
	return minutes(context.getNodeParameter('pollIntervalMinutes', DEFAULT_POLL_INTERVAL_MINUTES), DEFAULT_POLL_INTERVAL_MINUTES);
}

/** Options → Catch Up Missed Events, or the version's default when it is not set. */
export function catchUpWanted(context: ParameterContext): boolean {
	const value = options(context).catchUp;
	return typeof value === 'boolean' ? value : context.getNode().typeVersion >= CATCH_UP_BY_DEFAULT_FROM;
}

export function retrieveDetails(context: Pick<ParameterContext, 'getNodeParameter'>): boolean {
	return context.getNodeParameter('retrieveDetails', true) !== false;
}
