/**
 * The two sales-loop examples, imported as a user imports them and run in a real n8n (both versions,
 * regular mode) with the packed package:
 * - `aurora-web-form-to-design-request.json`: a form submission (n8n's Form Trigger, over HTTP as a
 *   browser posts it) → a project at the address → a design request; when the fake Aurora's design
 *   team completes it, design_request_completed → the project → a message in Slack (n8n's real Slack
 *   node against a fake Slack API reached through n8n's HTTPS_PROXY support, devkit/fake-slack).
 * - `aurora-agreement-signed-to-postgres.json`: agreement_status_changed → only signed ones → the
 *   design's pricing → its web proposal link (generated, as none exists) → one row per agreement in
 *   PostgreSQL, updated (not added) when Aurora says "signed" again.
 */
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { FakeSlack } from '../../devkit/fake-slack/server';
import { startFakeSlack } from '../../devkit/fake-slack/server';
import { dropDatabase } from '../../devkit/postgres';
import type { N8nVersion } from '../../devkit/n8n/runtime-cache';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import type { AuroraStack } from '../../devkit/stack/stack';
import { startStack } from '../../devkit/stack/stack';
import { subscriptionsOf, waitFor } from '../../devkit/stack/subscriptions';
import { loadExample } from '../../devkit/stack/workflows';
import { nodeOutput } from './support/execution-data';
import { createSink } from './support/lead-sink';
import { sql } from './support/psql';

/** The table examples/README.md gives for the agreement example. */
const CREATE_AGREEMENTS = `CREATE TABLE aurora_agreements (
	agreement_id uuid PRIMARY KEY, project_id uuid, design_id uuid, status text NOT NULL, signed_at timestamptz,
	system_price numeric, price_per_watt numeric, proposal_url text, agreement jsonb, pricing jsonb,
	received_at timestamptz, updated_count integer NOT NULL DEFAULT 0)`;

interface AgreementRow {
	agreement_id: string;
	status: string;
	system_price: string | null;
	proposal_url: string | null;
	updated_count: number;
}

describe.each(selectedVersions().map((version): [N8nVersion] => [version]))('n8n %s: the sales-loop examples', (version) => {
	let stack: AuroraStack;
	let admin: FakeAuroraClient;
	let slack: FakeSlack;
	let database: string;
	let postgresCredentialId: string;
	let slackCredentialId: string;

	beforeAll(async () => {
		slack = await startFakeSlack();
		// The design team of the fake Aurora completes each design request 2 s after it is made.
		stack = await startStack({ version, fake: { autoCompleteDesignRequestsAfterMs: 2_000 }, env: slack.env });
		admin = new FakeAuroraClient(stack.fake.url);
		({ database, credentialId: postgresCredentialId } = await createSink(stack.n8n, 'Local Postgres', CREATE_AGREEMENTS));
		slackCredentialId = (await stack.n8n.createCredential('Fake Slack', 'slackApi', slack.credential)).id;
	}, 10 * 60_000);

	afterAll(async () => {
		try {
			await stack?.dispose();
		} finally {
			await slack?.close();
			if (database) await dropDatabase(database);
		}
	});

	async function activateExample(file: string, events: string[]): Promise<string> {
		const workflow = loadExample(file, { auroraSolarApi: stack.credential.id, slackApi: slackCredentialId, postgres: postgresCredentialId });
		const created = await stack.n8n.createWorkflow(workflow);
		await stack.n8n.activateWorkflow(created.id);
		await waitFor(`the subscriptions of ${file}`, async () => {
			const subscribed = (await subscriptionsOf(stack.fake.url)).map((subscription) => subscription.event);
			return events.every((event) => subscribed.includes(event)) ? true : undefined;
		});
		return created.id;
	}

	it('web form → project → design request; the completed request reaches Slack with the project', async () => {
		const workflowId = await activateExample('aurora-web-form-to-design-request.json', ['design_request_completed', 'design_request_rejected']);
		const form = new FormData();
		form.set('field-0', 'Jane Homeowner');
		form.set('field-1', 'jane@example.com');
		form.set('field-2', '901 Mears Ct, Stanford, CA 94305');
		const submitted = await waitFor('the form to take a submission', async () => {
			const response = await fetch(`${stack.n8n.webhookBase}form/solar-design-request`, { method: 'POST', body: form });
			return response.status === 404 ? undefined : response;
		});
		expect(submitted.status).toBe(200);

		// The form's execution made one project at the address and one design request for it.
		const [formRun] = await waitFor('the form execution', async () => {
			const runs = (await stack.n8n.listExecutions({ workflowId, includeData: true })).filter((run) => run.stoppedAt && nodeOutput(run, 'Order 3D Model').length > 0);
			return runs.length > 0 ? runs : undefined;
		});
		expect(formRun.status).toBe('success');
		const [project] = nodeOutput(formRun, 'Create Project');
		expect(project).toMatchObject({ name: 'Jane Homeowner', customer_email: 'jane@example.com', property_address: '901 Mears Ct, Stanford, CA 94305' });
		const requests = await admin.listDesignRequests({ projectId: String(project.id) });
		expect(requests).toHaveLength(1);
		expect(nodeOutput(formRun, 'Order 3D Model')).toEqual([expect.objectContaining({ id: requests[0].id, project_id: project.id, status: 'pending' })]);

		// Completed 2 s later by the fake's design team: Aurora's webhook → the trigger → Slack.
		const [message] = await slack.waitForMessages(1, 60_000);
		expect(message.channel).toBe('#solar-designs');
		expect(message.text).toContain('3D model ready');
		expect(message.text).toContain('Jane Homeowner');
		expect(message.text).toContain(requests[0].id);
		expect(message.text).toContain('completed');
		// The only call n8n made to Slack was to post; nothing else left the machine.
		expect(slack.requests.filter((request) => request.path !== '/api/chat.postMessage')).toEqual([]);
	}, 5 * 60_000);

	it('agreement signed → one row with the pricing and a proposal link; "viewed" adds nothing, "signed" again updates the row', async () => {
		const workflowId = await activateExample('aurora-agreement-signed-to-postgres.json', ['agreement_status_changed']);
		const project = await admin.createProject({ name: 'Signed Home' });
		const design = await admin.createDesign(project.id);
		const agreement = await admin.createAgreement({ projectId: project.id, designId: design.id });
		const rows = (): AgreementRow[] => sql<AgreementRow>(database, 'SELECT agreement_id, status, system_price, proposal_url, updated_count FROM aurora_agreements');

		// One at a time: the trigger retrieves the agreement, so a "viewed" delivery handled after the
		// agreement was signed would rightly read "signed".
		await admin.setAgreementStatus(agreement.id, 'viewed');
		const [viewed] = await stack.n8n.waitForExecutions(workflowId, 1, 60_000, { includeData: true });
		expect(viewed.status).toBe('success');
		expect(nodeOutput(viewed, 'Get Pricing')).toEqual([]);
		expect(rows()).toEqual([]);
		await admin.setAgreementStatus(agreement.id, 'signed');
		const [row] = await waitFor('the signed agreement row', async () => (rows().length > 0 ? rows() : undefined), 60_000);
		expect(row).toMatchObject({ agreement_id: agreement.id, status: 'signed', updated_count: 0 });
		expect(Number(row.system_price)).toBeGreaterThan(0);
		expect(row.proposal_url).toMatch(/^https:\/\//);

		// Aurora says "signed" again (a redelivery of the same news): the same row, once more.
		await admin.setAgreementStatus(agreement.id, 'signed');
		await waitFor('the second write to the row', async () => (rows()[0]?.updated_count === 1 ? true : undefined), 60_000);
		expect(rows()).toHaveLength(1);
		// The link made on the first signed delivery was still valid: no second one was generated.
		expect(rows()[0].proposal_url).toBe(row.proposal_url);
	}, 5 * 60_000);
});
