/**
 * One trigger node, as n8n runs it, against Aurora's webhook API and lists behind nock: activation
 * (set-up, with the baseline), the catch-up engine's ticks on a clock the test moves, and deliveries
 * through webhook() as Aurora would send them. Each scenario is its own workflow and API key, so that
 * what the package keeps per process (per node, per key) does not leak between tests.
 */
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { CatchUpEngine } from '../../../../nodes/AuroraSolar/trigger/catch-up/engine';
import { catchUpPlan } from '../../../../nodes/AuroraSolar/trigger/catch-up/plan';
import { readSettings } from '../../../../nodes/AuroraSolar/trigger/node/settings';
import { hookContext, testCredentials, triggerContext, triggerExecuteContext, webhookContext } from '../../../support/contexts';
import type { N8nLine } from '../../../support/n8n-saves';
import { DedupeStore, webhookCallSaved } from '../../../support/n8n-saves';
import type { TriggerOptions } from '../../../support/contexts';
import type { RemoteSubscriptions } from '../remote-subscriptions';
import { useRemoteSubscriptions } from '../remote-subscriptions';
import { RemoteLists } from './remote-lists';

let counter = 0;

export class Clock {
	now = Date.UTC(2026, 6, 1, 12);

	constructor() {
		jest.spyOn(Date, 'now').mockImplementation(() => this.now);
	}

	advance(ms: number): void {
		this.now += ms;
	}
}

export interface ScenarioOptions {
	events: string[];
	typeVersion?: number;
	parameters?: IDataObject;
	runs?: TriggerOptions['runs'];
	/** Which n8n saves what a delivery changed (test/support/n8n-saves.ts); 2.x unless a test says otherwise. */
	line?: N8nLine;
	/** n8n's dedupe store, shared by every execution of the workflow (on every process); one per scenario unless given. */
	store?: DedupeStore;
}

export class Scenario {
	readonly trigger = new AuroraSolarTrigger();
	readonly staticData: IDataObject = {};
	readonly workflow = { id: `wf-catch-up-${++counter}`, name: 'Catch-up scenario' };
	readonly credentials = testCredentials({ apiToken: `sk_sand_scenario_${counter}` });
	readonly store: DedupeStore;
	/** Every item that reached the workflow past the trigger's execute(), by delivery or catch-up. */
	readonly reached: IDataObject[] = [];
	private engine?: CatchUpEngine;
	private context?: ReturnType<typeof triggerContext>;
	private executedEmits = 0;

	constructor(
		private readonly subscriptions: RemoteSubscriptions,
		private readonly lists: RemoteLists,
		readonly options: ScenarioOptions,
	) {
		this.store = options.store ?? new DedupeStore();
	}

	/** What the execution n8n starts with these items passes on: the trigger's execute() runs first. */
	private async execute(items: IDataObject[]): Promise<IDataObject[]> {
		const context = triggerExecuteContext({ items, store: this.store, parameters: this.parameters, workflow: this.workflow, typeVersion: this.options.typeVersion ?? 1.2 });
		const [output] = await this.trigger.execute.call(context);
		const passed = output.map((item) => item.json);
		this.reached.push(...passed);
		return passed;
	}

	private get parameters(): IDataObject {
		return { events: this.options.events, retrieveDetails: true, ...(this.options.parameters ?? {}) };
	}

	hook(activation: 'activate' | 'update' | 'init' = 'activate', webhookUrl?: string) {
		return hookContext({
			parameters: this.parameters,
			staticData: this.staticData,
			workflow: this.workflow,
			credentials: this.credentials,
			activation,
			typeVersion: this.options.typeVersion ?? 1.2,
			...(webhookUrl ? { webhookUrl } : {}),
		});
	}

	/** n8n's set-up, as at a publish: checkExists, then create if needed. */
	async activate(activation: 'activate' | 'update' | 'init' = 'activate', webhookUrl?: string) {
		const hook = this.hook(activation, webhookUrl);
		if (!(await this.trigger.webhookMethods.default.checkExists.call(hook))) await this.trigger.webhookMethods.default.create.call(hook);
		return hook;
	}

	/** The trigger() context on the leader, with the static data set-up left. */
	get triggered(): ReturnType<typeof triggerContext> {
		this.context ??= triggerContext({
			parameters: this.parameters,
			staticData: this.staticData,
			workflow: this.workflow,
			credentials: this.credentials,
			typeVersion: this.options.typeVersion ?? 1.2,
			runs: this.options.runs,
		});
		return this.context;
	}

	/** One tick of the catch-up, awaited (n8n's cron does not wait; the test does, to look at the outcome). */
	async tick(): Promise<void> {
		const plan = catchUpPlan(readSettings(this.triggered));
		if (!plan) throw new Error('this node does not catch up');
		this.engine ??= new CatchUpEngine(this.triggered, plan);
		await this.engine.tick();
		// Let the emitted executions settle, as n8n's would, each beginning with the trigger's execute().
		await new Promise((resolve) => setImmediate(resolve));
		const emits = this.context?.emitted ?? [];
		for (const emit of emits.slice(this.executedEmits)) await this.execute(emit.items);
		this.executedEmits = emits.length;
	}

	/** The caught-up items that reached the workflow past the trigger's execute(). */
	get caughtUpReached(): IDataObject[] {
		return this.reached.filter((item) => item.caught_up === true);
	}

	/** Every item the workflow was started with by the catch-up. */
	get caughtUp(): IDataObject[] {
		return this.context?.emitted.flatMap((emit) => emit.items) ?? [];
	}

	/**
	 * A delivery Aurora sends for its subscription to `event`, with these token values. n8n hands
	 * webhook() the static data as the database holds it: by default a copy of the leader's (the test
	 * has no database). `saved` is what n8n writes back after the call, if it writes anything; an
	 * execution the call starts runs the trigger's execute() first.
	 */
	async deliver(
		event: string,
		values: Record<string, string>,
		options: { staticData?: IDataObject; forge?: boolean } = {},
	): Promise<{ status: number; started: boolean; response: IWebhookResponseData; body: unknown; staticData: IDataObject; saved?: IDataObject }> {
		const [subscription] = this.subscriptions.all().filter((candidate) => candidate.event === event && candidate.url_template.includes(this.hookUrl()));
		if (!subscription) throw new Error(`no subscription for ${event}`);
		const delivery = this.subscriptions.deliveryFor(subscription.id, values);
		const query = options.forge ? { ...delivery.query, aurora_secret: 'f'.repeat(64) } : delivery.query;
		const headers = options.forge ? {} : delivery.headers;
		const staticData = options.staticData ?? (JSON.parse(JSON.stringify(this.staticData)) as IDataObject);
		const ctx = webhookContext({ query, headers, staticData, parameters: this.parameters, workflow: this.workflow, credentials: this.credentials, typeVersion: this.options.typeVersion ?? 1.2 });
		const response = await this.trigger.webhook.call(ctx);
		if (response.workflowData) await this.execute(response.workflowData[0].map((item) => item.json));
		const saved = webhookCallSaved(this.options.line ?? '2.x', response) ? staticData : undefined;
		return { status: ctx.response.status ?? 200, started: response.workflowData !== undefined, response, body: ctx.response.body, staticData, saved };
	}

	private hookUrl(): string {
		return this.hook().getNodeWebhookUrl('default') as string;
	}

	close(): void {
		this.engine?.close();
	}
}

/** The usual set-up of a catch-up test: Aurora's subscriptions and lists behind nock, fresh per test, and a clock. */
export function useCatchUpWorld(): { readonly subscriptions: RemoteSubscriptions; readonly lists: RemoteLists; readonly clock: Clock } {
	const aurora = useRemoteSubscriptions();
	const world = {
		get subscriptions() {
			return aurora.store;
		},
		lists: new RemoteLists(),
		clock: undefined as unknown as Clock,
	};
	beforeEach(() => {
		world.lists = new RemoteLists();
		world.lists.install();
		world.clock = new Clock();
	});
	afterEach(() => {
		jest.restoreAllMocks();
	});
	return world;
}
