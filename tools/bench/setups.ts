/**
 * Creates and activates the three compared workflows in one n8n and builds, for each, the
 * delivery a sender would make for a given lead id.
 */
import { randomUUID } from 'crypto';

import { request } from 'undici';

import type { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import { waitFor } from '../../devkit/stack/subscriptions';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';

import type { Delivery } from './load';
import { fireBurst } from './load';
import type { BenchCredentials } from './n8n-setup';
import { floorSetup, handBuiltSetup, triggerSetup } from './workflows';

export type SetupKey = 'a' | 'b' | 'c';

export const SETUP_NAMES: Record<SetupKey, string> = {
	a: 'Aurora Solar Trigger (Retrieve Details)',
	b: 'Webhook (header auth) + HTTP Request (bearer)',
	c: 'bare Webhook (floor)',
};

export interface Setup {
	key: SetupKey;
	workflowId: string;
	delivery(leadId: string): Delivery;
}

export async function createSetups(
	n8n: N8nInstance,
	fake: { url: string; tenantId: string; admin: FakeAuroraClient },
	credentials: BenchCredentials,
	triggerVersion = 1,
): Promise<Record<SetupKey, Setup>> {
	const a = await n8n.createWorkflow(triggerSetup(credentials.aurora, triggerVersion));
	await n8n.activateWorkflow(a.id);
	const aDelivery = await triggerDelivery(fake.admin, a.id);

	const bPath = `bench-b-${randomUUID().slice(0, 8)}`;
	const b = await n8n.createWorkflow(
		handBuiltSetup({ path: bPath, headerCredentialId: credentials.headerAuth, bearerCredentialId: credentials.bearer, fakeUrl: fake.url, tenantId: fake.tenantId }),
	);
	await n8n.activateWorkflow(b.id);

	const cPath = `bench-c-${randomUUID().slice(0, 8)}`;
	const c = await n8n.createWorkflow(floorSetup(cPath));
	await n8n.activateWorkflow(c.id);

	const setups: Record<SetupKey, Setup> = {
		a: {
			key: 'a',
			workflowId: a.id,
			delivery: aDelivery,
		},
		b: {
			key: 'b',
			workflowId: b.id,
			delivery: (leadId) => ({ url: `${n8n.webhookUrl(bPath)}?lead_id=${leadId}`, headers: { 'X-Aurora-Webhook-Secret': credentials.headerSecret } }),
		},
		c: {
			key: 'c',
			workflowId: c.id,
			delivery: (leadId) => ({ url: `${n8n.webhookUrl(cPath)}?lead_id=${leadId}`, headers: { 'X-Aurora-Webhook-Secret': credentials.headerSecret } }),
		},
	};
	for (const setup of Object.values(setups)) await waitUntilAnswering(setup);
	return setups;
}

/**
 * The delivery Aurora would send to an activated trigger workflow, read from the fake's
 * subscription: the stored url_template with <LEAD_ID> filled in, plus the secret header.
 */
export async function triggerDelivery(admin: FakeAuroraClient, workflowId: string): Promise<(leadId: string) => Delivery> {
	const subscription = await waitFor('the trigger subscription', async () => {
		const all = await admin.subscriptions();
		return all.find((entry) => entry.event === 'lead_created' && entry.description?.includes(`(${workflowId})`));
	});
	const secretHeader = { [String(subscription.header_auth_key)]: String(subscription.header_auth_value) };
	return (leadId) => ({ url: subscription.url_template.replace('<LEAD_ID>', encodeURIComponent(leadId)), headers: secretHeader });
}

/** Webhooks register asynchronously after activation: waits until the setup answers 200. */
export async function waitUntilAnswering(setup: Setup): Promise<void> {
	const probe = setup.delivery('00000000-0000-4000-8000-000000000000');
	await waitFor(`workflow ${setup.key} to answer`, async () => {
		const result = await fireBurst([probe], 1);
		return result.statuses['200'] === 1 ? true : undefined;
	});
}

/** Ids of every lead the fake holds (its API, paged; the rate limit is off during the burst). */
export async function allLeadIds(fake: { url: string; tenantId: string; token: string }): Promise<string[]> {
	const ids: string[] = [];
	for (let page = 1; ; page++) {
		const response = await request(`${fake.url}/tenants/${fake.tenantId}/leads?page=${page}&per_page=250`, {
			headers: { authorization: `Bearer ${fake.token}` },
		});
		const body = (await response.body.json()) as { leads: Array<{ id: string }> };
		if (body.leads.length === 0) return ids;
		ids.push(...body.leads.map((lead) => lead.id));
	}
}
