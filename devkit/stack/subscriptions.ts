import type { AdminSubscription } from '../fake-aurora/client';
import { FakeAuroraClient } from '../fake-aurora/client';

export async function subscriptionsOf(fakeUrl: string, workflowHook?: string): Promise<AdminSubscription[]> {
	const all = await new FakeAuroraClient(fakeUrl).subscriptions();
	return workflowHook ? all.filter((subscription) => subscription.url_template.startsWith(workflowHook)) : all;
}

/** The production webhook URL a subscription delivers to, without its query. */
export function hookOf(subscription: AdminSubscription): string {
	return subscription.url_template.split('?')[0];
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			last = error;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** The index the fake's request log gives its next entry: pass it to `requests(since)` later. */
export async function requestIndex(admin: FakeAuroraClient): Promise<number> {
	const entries = await admin.requests();
	return entries.length === 0 ? 0 : entries[entries.length - 1].index + 1;
}

/**
 * Times the trigger read Aurora's subscription list since `since` (first pages only: one read may
 * page on). Every subscription check (n8n's checkExists, create(), the scheduled check) starts with one.
 */
export async function listCalls(admin: FakeAuroraClient, since: number) {
	return (await admin.requests(since)).filter(
		(entry) => entry.method === 'GET' && /\/webhooks$/.test(entry.path) && [undefined, '1'].includes(entry.query.page as string | undefined),
	);
}

/** Calls that changed Aurora's subscriptions (create, update, delete) since `since`. */
export async function subscriptionChanges(admin: FakeAuroraClient, since: number) {
	return (await admin.requests(since)).filter((entry) => entry.method !== 'GET' && entry.path.includes('/webhooks'));
}

export interface SubscriptionView {
	id: string;
	secret: string | null;
	enabled: boolean;
	url_template: string;
}

/** What a person comparing Aurora's webhook dashboard would look at, per event. */
export function byEvent(subscriptions: AdminSubscription[]): Record<string, SubscriptionView> {
	const view: Record<string, SubscriptionView> = {};
	for (const subscription of [...subscriptions].sort((a, b) => a.event.localeCompare(b.event))) {
		if (view[subscription.event]) throw new Error(`more than one subscription for ${subscription.event}`);
		view[subscription.event] = {
			id: subscription.id,
			secret: subscription.header_auth_value,
			enabled: subscription.enabled,
			url_template: subscription.url_template,
		};
	}
	return view;
}
