/**
 * The state of the fake Slack workspace and the answers of the Web API methods the fake serves, with no
 * HTTP in sight (server.ts and api.ts put it behind https://slack.com/api/<method>). Shapes follow
 * Slack's Web API documentation: every answer is `{ ok: true, ... }`, every failure a SlackApiError
 * whose `error` code Slack would send as `{ ok: false, error }`.
 */
import { randomBytes } from 'node:crypto';

export class SlackApiError extends Error {
	constructor(readonly error: string) {
		super(error);
	}
}

export interface SlackChannel {
	id: string;
	name: string;
}

export interface SlackMessage {
	/** The `channel` argument exactly as the client sent it: an ID, or a name such as `#solar-designs`. */
	channel: string;
	/** The ID it resolved to (what Slack answers with). */
	channelId: string;
	text: string;
	blocks?: unknown[];
	attachments?: unknown[];
	/** Slack's message timestamp, which is also the message's ID in its channel. */
	ts: string;
	/** When the fake received it (ms since the epoch). */
	at: number;
}

export type SlackArgs = Record<string, unknown>;

/** Alphanumeric IDs in Slack's style: a type letter (C channel, T team, U user, B bot) and 10 more. */
function slackId(prefix: string): string {
	return `${prefix}${randomBytes(8).toString('hex').toUpperCase().slice(0, 10)}`;
}

function asArray(value: unknown): unknown[] | undefined {
	return Array.isArray(value) && value.length > 0 ? value : undefined;
}

export class SlackWorkspace {
	readonly token = `xoxb-fake-${randomBytes(12).toString('hex')}`;
	readonly team = { id: slackId('T'), name: 'Fake Workspace', domain: 'fake-workspace' };
	readonly bot = { userId: slackId('U'), botId: slackId('B'), appId: slackId('A'), name: 'aurora-bot' };
	readonly channels: SlackChannel[] = [];
	readonly messages: SlackMessage[] = [];
	private lastTs = 0;

	constructor(channelNames: string[]) {
		for (const name of channelNames) this.channels.push({ id: slackId('C'), name: name.replace(/^#/, '') });
	}

	/** A channel by ID or by name with or without `#`, as chat.postMessage accepts it. */
	channel(ref: unknown): SlackChannel {
		const wanted = typeof ref === 'string' ? ref.trim() : '';
		const found = this.channels.find((channel) => channel.id === wanted || channel.name === wanted.replace(/^#/, ''));
		if (!found) throw new SlackApiError('channel_not_found');
		return found;
	}

	/** Slack's ts is seconds.microseconds and unique per channel; strictly increasing keeps it unique here. */
	private nextTs(): string {
		this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
		return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
	}

	postMessage(args: SlackArgs): Record<string, unknown> {
		if (args.channel === undefined || args.channel === '') throw new SlackApiError('channel_not_found');
		const channel = this.channel(args.channel);
		const text = typeof args.text === 'string' ? args.text : '';
		const blocks = asArray(args.blocks);
		const attachments = asArray(args.attachments);
		if (!text && !blocks && !attachments) throw new SlackApiError('no_text');
		const message: SlackMessage = { channel: String(args.channel), channelId: channel.id, text, ts: this.nextTs(), at: Date.now() };
		if (blocks) message.blocks = blocks;
		if (attachments) message.attachments = attachments;
		this.messages.push(message);
		return {
			ok: true,
			channel: channel.id,
			ts: message.ts,
			message: {
				type: 'message',
				text,
				user: this.bot.userId,
				bot_id: this.bot.botId,
				app_id: this.bot.appId,
				team: this.team.id,
				ts: message.ts,
				...(blocks ? { blocks } : {}),
				...(attachments ? { attachments } : {}),
			},
		};
	}

	authTest(): Record<string, unknown> {
		return {
			ok: true,
			url: `https://${this.team.domain}.slack.com/`,
			team: this.team.name,
			user: this.bot.name,
			team_id: this.team.id,
			user_id: this.bot.userId,
			bot_id: this.bot.botId,
			is_enterprise_install: false,
		};
	}

	/** What n8n's slackApi credential test (GET users.profile.get) reads: any ok answer passes it. */
	profile(): Record<string, unknown> {
		return { ok: true, profile: { real_name: this.bot.name, display_name: this.bot.name, bot_id: this.bot.botId } };
	}

	private conversation(channel: SlackChannel): Record<string, unknown> {
		return { id: channel.id, name: channel.name, is_channel: true, is_private: false, is_archived: false, is_member: true, created: 1700000000 };
	}

	/** One page holds every channel: the node's channel picker pages on `next_cursor`, which is empty. */
	conversationsList(): Record<string, unknown> {
		return { ok: true, channels: this.channels.map((channel) => this.conversation(channel)), response_metadata: { next_cursor: '' } };
	}

	/** Unlike chat.postMessage, Slack takes only a channel ID here. */
	conversationsInfo(args: SlackArgs): Record<string, unknown> {
		const found = this.channels.find((channel) => channel.id === args.channel);
		if (!found) throw new SlackApiError('channel_not_found');
		return { ok: true, channel: this.conversation(found) };
	}
}
