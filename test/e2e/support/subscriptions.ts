import type { AdminSubscription } from '../../fake-aurora/client';
import { FakeAuroraClient } from '../../fake-aurora/client';

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
