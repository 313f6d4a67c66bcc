import type { AuroraFailure } from '../../transport/failure';
import type { Connection } from '../../transport/request';
import { connect } from '../../transport/request';
import { nodeKey } from '../node/identity';
import { deriveSecret, hashSecret, newNonce, rememberFreshSecret } from '../node/secrets';
import type { StoredSubscription } from '../node/static-data';
import { retireSecrets } from '../node/static-data';
import type { LifecycleContext } from './aurora-webhooks';

/** What a pass reports back about secrets: its actions and its problems. */
interface Notes {
	actions: string[];
	problems: AuroraFailure[];
}

/**
 * The plain secrets a pass needs to create subscriptions, derived from the API token (read once, when
 * first needed) and each entry's nonce. When the token changed since the secret was chosen, set-up
 * moves the entry to the new secret (the old hash is retired, so queued redeliveries still land); the
 * scheduled check cannot save, so it creates with the new secret and deliveries derive it again.
 */
export class SecretSource {
	private connection?: Promise<Connection | AuroraFailure>;

	constructor(
		private readonly context: LifecycleContext,
		readonly mayChoose: boolean,
	) {}

	private async token(): Promise<string | AuroraFailure> {
		this.connection ??= connect.call(this.context).then((result) => (result.ok ? result.value : result.failure));
		const connection = await this.connection;
		return 'token' in connection ? connection.token : connection;
	}

	/** A new entry for an event with no secret yet; only n8n's lifecycle may choose one, since it saves static data afterwards. */
	async fresh(event: string, url: string, report: Notes): Promise<StoredSubscription | undefined> {
		const token = await this.token();
		if (typeof token !== 'string') {
			report.problems.push(token);
			return undefined;
		}
		const nonce = newNonce();
		const hash = hashSecret(deriveSecret(token, nodeKey(this.context), event, nonce));
		rememberFreshSecret(nodeKey(this.context), event, hash);
		return { id: '', event, nonce, hash, url };
	}

	async secretFor(entry: StoredSubscription, report: Notes): Promise<string | AuroraFailure> {
		const token = await this.token();
		if (typeof token !== 'string') return token;
		const key = nodeKey(this.context);
		const secret = entry.nonce ? deriveSecret(token, key, entry.event, entry.nonce) : '';
		if (secret !== '' && hashSecret(secret) === entry.hash) return secret;
		if (!this.mayChoose) {
			if (secret !== '') return secret;
			return {
				kind: 'permanent',
				attempts: 0,
				baseUrl: '',
				problem: {
					message: `The ${entry.event} subscription was made by an older version of this node and cannot be recreated by the check`,
					description: 'Deactivate and activate the workflow (on n8n 2.x: publish it again) once, so that the trigger can give it a new secret.',
				},
			};
		}
		const staticData = this.context.getWorkflowStaticData('node');
		retireSecrets(staticData, [entry]);
		entry.nonce = newNonce();
		const renewed = deriveSecret(token, key, entry.event, entry.nonce);
		entry.hash = hashSecret(renewed);
		rememberFreshSecret(key, entry.event, entry.hash);
		report.actions.push(`gave the ${entry.event} subscription a new secret (the API token changed)`);
		return renewed;
	}
}

