/** The Aurora credential (Custom → the fake) and the example workflow, activated. */
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { FakeAurora } from '../../devkit/fake-aurora/server';
import type { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { loadExample } from '../../devkit/stack/workflows';
import { CREDENTIAL_NAME, EXAMPLE_FILE } from './options';

export interface DemoWorkflow {
	id: string;
	name: string;
	credentialId: string;
	/** Events Aurora now delivers to n8n, one subscription each. */
	events: string[];
}

/**
 * n8n 2.x answers the activate call before the trigger has finished its set-up (create the
 * subscriptions, then read them back): a delivery in that window of a few hundred ms gets 401 and
 * only gets through on Aurora's retry. So wait until the trigger has stopped talking to /webhooks.
 */
async function waitForQuietWebhooks(admin: FakeAuroraClient, since: number, quietMs: number, timeoutMs: number): Promise<void> {
	let next = since;
	let quietSince = Date.now();
	await waitFor(
		'the trigger to finish setting up its Aurora webhooks',
		async () => {
			const calls = (await admin.requests(next)).filter((entry) => entry.path.includes('/webhooks'));
			if (calls.length) {
				next = calls[calls.length - 1].index + 1;
				quietSince = Date.now();
			}
			return Date.now() - quietSince >= quietMs ? true : undefined;
		},
		timeoutMs,
	);
}

export async function activateExample(n8n: N8nInstance, fake: FakeAurora, timeoutMs: number): Promise<DemoWorkflow> {
	const credential = await n8n.createCredential(CREDENTIAL_NAME, 'auroraSolarApi', {
		environment: 'custom',
		baseUrl: fake.url,
		apiToken: fake.token,
		tenantId: fake.tenantId,
	});
	const json = loadExample(EXAMPLE_FILE, { auroraSolarApi: credential.id });
	const wanted = ((json.nodes as Array<{ parameters: { events?: string[] } }>)[0].parameters.events ?? []).length;
	const workflow = await n8n.createWorkflow(json);
	const admin = new FakeAuroraClient(fake.url);
	const before = await admin.requests();
	const since = before.length ? before[before.length - 1].index + 1 : 0;
	await n8n.activateWorkflow(workflow.id);
	// The trigger registers one Aurora webhook subscription per event while n8n activates it.
	const subscriptions = await waitFor(
		`the trigger's ${wanted} Aurora webhook subscriptions`,
		async () => {
			const all = await subscriptionsOf(fake.url);
			return all.length >= wanted ? all : undefined;
		},
		timeoutMs,
	);
	await waitForQuietWebhooks(admin, since, 1_000, timeoutMs);
	return { id: workflow.id, name: workflow.name, credentialId: credential.id, events: subscriptions.map((s) => s.event).sort() };
}
