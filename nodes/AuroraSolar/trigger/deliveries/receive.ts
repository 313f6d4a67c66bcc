import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { connect } from '../../transport/request';
import { checkpoint } from '../catch-up/checkpoint';
import type { AuroraEvent } from '../../events';
import { nodeKey } from '../node/identity';
import { readSettings } from '../node/settings';
import { sampleDelivery, sampleRequested } from '../polling-sample';
import { passedOn, passedOnObject, recordPassedOn } from '../node/passed-on';
import { deriveSecret, freshSecretHashes, hashSecret } from '../node/secrets';
import type { StoredSubscriptions } from '../node/static-data';
import { readRetiredSecrets, readSubscriptions } from '../node/static-data';
import { retrieveObject } from './retrieve';
import { verifyDelivery } from './verify';

/** How long Aurora should wait before redelivering after we could not fetch the object. */
const REDELIVER_AFTER_SECONDS = '30';

function reply(context: IWebhookFunctions, status: number, body: IDataObject, headers: Record<string, string> = {}): IWebhookResponseData {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.status(status).json(body);
	return { noWebhookResponse: true };
}

/** A 503 for a cause that passes (Aurora's outage, a rate limit): Aurora delivers the event again later. */
function askToRedeliver(context: IWebhookFunctions): IWebhookResponseData {
	return reply(context, 503, { error: 'The object could not be retrieved from Aurora yet; please redeliver' }, { 'Retry-After': REDELIVER_AFTER_SECONDS });
}

/**
 * Starts the workflow with the delivery's item; a ledger notes that the object was passed on. A
 * delivery that saves the catch-up's state answers Aurora itself, so that n8n saves the state before it
 * starts the run, on n8n 2.x as on 1.x (trigger/catch-up/checkpoint.ts).
 */
function start(context: IWebhookFunctions, item: IDataObject, ledger?: Ledger, object?: IDataObject): IWebhookResponseData {
	const workflowData = [context.helpers.returnJsonArray([item])];
	if (!ledger?.passedOn(object) || !checkpoint(nodeKey(context), context.getWorkflowStaticData('node'))) return { workflowData };
	reply(context, 200, { received: true });
	return { noWebhookResponse: true, workflowData };
}

/**
 * The secret the subscription for `event` has if it was made with today's API token, as a hash. The
 * scheduled check cannot save static data, so a subscription it had to recreate after the token
 * changed carries a secret whose hash is not stored; its nonce is, so it is derived again here. Only
 * deliveries that no stored hash accepts pay for reading the credential.
 */
async function derivedHashes(context: IWebhookFunctions, key: string, subscriptions: StoredSubscriptions, event: string): Promise<string[]> {
	const connection = await connect.call(context);
	if (!connection.ok) return [];
	return [hashSecret(deriveSecret(connection.value.token, key, event, subscriptions[event].nonce))];
}

/**
 * One GET from Aurora. Every authentic delivery ends where the user can see it: an execution with
 * the object, an execution with `error`, or a 503 that makes Aurora redeliver because the cause passes.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = Date.now();
	const settings = readSettings(this);
	if (sampleRequested(this)) return await sampleDelivery.call(this, settings);
	const staticData = this.getWorkflowStaticData('node');
	const key = nodeKey(this);
	const subscriptions = readSubscriptions(staticData);
	const input = {
		query: this.getQueryData() as IDataObject,
		headers: this.getHeaderData() as IDataObject,
		subscriptions,
		retired: readRetiredSecrets(staticData, receivedAt),
		unsaved: (event: string) => freshSecretHashes(key, event, receivedAt),
		selectedEvents: settings.events,
	};
	let verdict = verifyDelivery(input);
	if (verdict.kind === 'unauthorized' && verdict.event !== undefined) {
		verdict = verifyDelivery({ ...input, derived: await derivedHashes(this, key, subscriptions, verdict.event) });
	}
	if (verdict.kind === 'unauthorized') return reply(this, 401, { error: 'Unauthorized' });
	if (verdict.kind === 'ignored') return reply(this, 200, { received: true, ignored: verdict.reason });

	const { definition, attributes } = verdict;
	const item: IDataObject = { event: definition.event, received_at: new Date(receivedAt).toISOString(), ...attributes };
	if (verdict.kind === 'malformed') {
		const label = definition.fetch.label.toLowerCase();
		this.logger.error(`Aurora Solar Trigger: an authentic ${definition.event} delivery could not be used: ${verdict.reason}.`);
		item.error =
			`Aurora sent a ${definition.event} delivery that cannot be used: ${verdict.reason}, so the ${label} was not retrieved. ` +
			`Check the subscription's URL template in Aurora's webhook dashboard. Once you know the ${label}'s id, fetch it with the Aurora Solar node.`;
		return start(this, item);
	}

	const ledger = new Ledger(key, definition, verdict.objectId, settings.events, receivedAt);
	if (ledger.caughtUpAlready()) return reply(this, 200, { received: true, ignored: CAUGHT_UP_ALREADY });
	if (!settings.retrieveDetails) return start(this, item, ledger);
	const retrieval = await retrieveObject.call(this, definition.fetch, verdict.objectId, receivedAt);
	const subject = `${definition.fetch.label.toLowerCase()} ${verdict.objectId}`;
	if (retrieval.outcome === 'transient') {
		this.logger.warn(`Aurora Solar Trigger: could not retrieve ${subject} yet; asking Aurora to redeliver. ${retrieval.message}`);
		return askToRedeliver(this);
	}
	if (retrieval.outcome === 'permanent') {
		this.logger.error(`Aurora Solar Trigger: could not retrieve ${subject}; the event is passed on with an error. ${retrieval.message}`);
		item[definition.fetch.key] = null;
		item.error = retrieval.message;
		if (retrieval.httpCode !== undefined) item.httpCode = retrieval.httpCode;
		return start(this, item);
	}
	item[definition.fetch.key] = retrieval.object;
	if (ledger.caughtUpAlready(retrieval.object)) return reply(this, 200, { received: true, ignored: CAUGHT_UP_ALREADY });
	for (const also of definition.also ?? []) {
		const alsoId = attributes[also.idAttribute];
		const found = typeof alsoId === 'string' && alsoId !== '' ? await retrieveObject.call(this, also, alsoId, receivedAt) : undefined;
		if (found?.outcome === 'transient') {
			this.logger.warn(`Aurora Solar Trigger: could not retrieve the ${also.label.toLowerCase()} of ${subject} yet; asking Aurora to redeliver. ${found.message}`);
			return askToRedeliver(this);
		}
		item[also.key] = found?.outcome === 'found' ? found.object : null;
		// None yet (a profile not filled out, a proposal never shared) is an answer, not an error.
		if (found?.outcome === 'permanent' && !found.gone) {
			this.logger.error(`Aurora Solar Trigger: could not retrieve the ${also.label.toLowerCase()} of ${subject}; the event is passed on with an error. ${found.message}`);
			item.error = found.message;
			if (found.httpCode !== undefined) item.httpCode = found.httpCode;
		}
	}
	return start(this, item, ledger, retrieval.object);
}

const CAUGHT_UP_ALREADY = 'the catch-up already passed this event on';

/**
 * What this delivery means to the catch-up (trigger/passed-on.ts): whether the sweep already passed the
 * same event on (Aurora redelivering what the sweep caught up while n8n could not be reached), and,
 * once the workflow starts with it, that it has been passed on.
 */
class Ledger {
	constructor(
		private readonly key: string,
		private readonly definition: AuroraEvent,
		private readonly id: string,
		private readonly selected: string[],
		private readonly at: number,
	) {}

	/** Before retrieval an event about a new object can be told; one about a change needs the object's content. */
	caughtUpAlready(object?: IDataObject): boolean {
		const finds = this.definition.catchUp?.finds;
		const passing = passedOnObject(this.definition, this.selected, object);
		if (!passing || !finds || (finds === 'changed' && object === undefined)) return false;
		const earlier = passedOn(this.key, passing.list.key, this.id, this.at);
		if (earlier?.via !== 'catch-up' || earlier.event !== this.definition.event) return false;
		return finds === 'new' || (earlier.content !== undefined && earlier.content === passing.content);
	}

	/** Notes that the object was passed on; false for an object no catch-up list holds. */
	passedOn(object?: IDataObject): boolean {
		const passing = passedOnObject(this.definition, this.selected, object);
		if (!passing) return false;
		recordPassedOn(this.key, passing.list.key, this.id, { via: 'webhook', event: this.definition.event, content: passing.content, at: this.at });
		return true;
	}
}
