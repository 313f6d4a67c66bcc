/**
 * A fake Slack Web API that a real, unmodified n8n reaches through its ordinary proxy settings.
 *
 * n8n sends every node's HTTPS request through `HTTPS_PROXY`, so this starts an intercepting proxy on
 * loopback (devkit/intercept): a `CONNECT slack.com:443` is answered here, over TLS with a throw-away CA
 * that n8n trusts through `NODE_EXTRA_CA_CERTS`. Any other host is refused (502), so nothing leaves the
 * machine. `NO_PROXY` keeps loopback (the fake Aurora) direct.
 *
 * What n8n's Slack node v2 (n8n 1.123.81 and 2.41.1, typeVersion 2.4, the newest both have) calls:
 * "Message → Send" is one `POST https://slack.com/api/chat.postMessage`, JSON body
 * `{ channel, text, ... }`, `Authorization: Bearer <accessToken>`. A channel chosen "By Name" is sent as
 * typed (`#solar-designs`) with no lookup first; Slack, and this fake, resolve the name. Nothing else is
 * called while a workflow runs. The `slackApi` credential's test is `GET /api/users.profile.get`; the
 * channel picker in the editor is `conversations.list`. With typeVersion >= 2.1 the node appends an
 * "Automated with this n8n workflow" line to the text unless `otherOptions.includeLinkToWorkflow` is
 * false.
 *
 *   const slack = await startFakeSlack({ latencyMs: 100 });
 *   // n8n env: slack.env; credential slackApi: slack.credential
 *   await slack.waitForMessages(1, 30_000);
 *   slack.messages[0];   // { channel: '#solar-designs', channelId: 'C…', text: '…', ts, at }
 *   await slack.close();
 */
import { startInterceptProxy } from '../intercept/intercept-proxy';
import { createSlackHandler, type SlackRequest } from './api';
import { SlackWorkspace, type SlackChannel, type SlackMessage } from './workspace';

export type { SlackChannel, SlackMessage } from './workspace';
export type { SlackRequest } from './api';

export const SLACK_HOST = 'slack.com';

export interface FakeSlackOptions {
	/** Added before each API call is answered, like the network and Slack's own processing. Default 100 ms. */
	latencyMs?: number;
	/**
	 * Channels (names, `#` optional) that exist; posting elsewhere fails with `channel_not_found`, as in
	 * Slack. Default: `general` and the channels the package's examples post to.
	 */
	channels?: string[];
}

export interface FakeSlack {
	/** `http://127.0.0.1:<port>`: n8n's HTTPS_PROXY. */
	proxyUrl: string;
	/** Environment for n8n: HTTPS_PROXY, NO_PROXY (loopback stays direct) and NODE_EXTRA_CA_CERTS. */
	env: Record<string, string>;
	/** The bot token the fake accepts (`xoxb-fake-…`). */
	token: string;
	/**
	 * Data for an n8n `slackApi` credential: `accessToken` is `token`. The signing secret is there because
	 * n8n 1.123.81's public API rejects a slackApi credential without one (its schema then requires the
	 * credential's `notice` field); only the Slack Trigger reads it.
	 */
	credential: { accessToken: string; signatureSecret: string };
	latencyMs: number;
	channels: SlackChannel[];
	/** Every message posted, in order, with its channel exactly as the client sent it. */
	messages: SlackMessage[];
	/** Every request to slack.com, answered or failed. */
	requests: SlackRequest[];
	/** CONNECT requests for hosts the fake does not answer for (refused). */
	refusedHosts: string[];
	/** Resolves with `messages` once at least `count` were posted; rejects after `timeoutMs`. */
	waitForMessages(count: number, timeoutMs: number): Promise<SlackMessage[]>;
	close(): Promise<void>;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
	const latencyMs = options.latencyMs ?? 100;
	const workspace = new SlackWorkspace(options.channels ?? ['general', 'solar-designs', 'solar-leads']);
	const requests: SlackRequest[] = [];
	const proxy = await startInterceptProxy({ hosts: [SLACK_HOST], handler: createSlackHandler(workspace, { latencyMs, requests }) });

	// Polling keeps the workspace free of listeners; a message a few ms late does not matter to a test.
	async function waitForMessages(count: number, timeoutMs: number): Promise<SlackMessage[]> {
		const deadline = Date.now() + timeoutMs;
		while (workspace.messages.length < count) {
			if (Date.now() >= deadline) {
				const seen = requests.map((request) => `${request.apiMethod} ${request.error ?? 'ok'}`).join(', ') || 'none';
				throw new Error(`fake Slack: ${workspace.messages.length} of ${count} messages after ${timeoutMs} ms (requests: ${seen})`);
			}
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return workspace.messages;
	}

	return {
		proxyUrl: proxy.proxyUrl,
		env: proxy.env,
		token: workspace.token,
		credential: { accessToken: workspace.token, signatureSecret: `fake-signing-secret-${workspace.team.id}` },
		latencyMs,
		channels: workspace.channels,
		messages: workspace.messages,
		requests,
		refusedHosts: proxy.refusedHosts,
		waitForMessages,
		close: () => proxy.close(),
	};
}
