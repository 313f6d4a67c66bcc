import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { DedupeStore } from './n8n-saves';
import { makeHttpRequestWithAuthentication } from './n8n-http';

export const AURORA = 'http://aurora.test';
export const TENANT = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
export const TOKEN = 'sk_sand_unit_test_token_7f3a9c';
export const TENANT_PATH = `/tenants/${TENANT}`;

export function testCredentials(overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return { environment: 'custom', baseUrl: AURORA, apiToken: TOKEN, tenantId: TENANT, ...overrides };
}

export function testNode(type: string, name = 'Aurora Solar'): INode {
	return { id: 'node-1', name, type, typeVersion: 1, position: [0, 0], parameters: {} };
}

/** Resource locator values come as `{ mode, value }`; extractValue returns `value`, as in n8n. */
function readParameter(parameters: IDataObject, name: string, fallback: unknown, options?: { extractValue?: boolean }): unknown {
	const value = name in parameters ? parameters[name] : fallback;
	if (value === undefined) throw new Error(`Test context: parameter "${name}" has no value and no fallback`);
	if (options?.extractValue && value !== null && typeof value === 'object' && 'value' in (value as IDataObject)) {
		return (value as IDataObject).value;
	}
	return value;
}

const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, verbose: () => {} };

export interface ExecuteOptions {
	/** Parameters per item, or one set for every item. */
	parameters: IDataObject | IDataObject[];
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
	requests?: IHttpRequestOptions[];
}

export function executeContext(options: ExecuteOptions): IExecuteFunctions {
	const node = testNode('n8n-nodes-aurora-solar.auroraSolar');
	const credentials = options.credentials ?? testCredentials();
	const items = options.items ?? (Array.isArray(options.parameters) ? options.parameters.map(() => ({ json: {} })) : [{ json: {} }]);
	const parametersFor = (itemIndex: number): IDataObject =>
		Array.isArray(options.parameters) ? options.parameters[itemIndex] : options.parameters;
	const context = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, parameterOptions?: { extractValue?: boolean }) =>
			readParameter(parametersFor(itemIndex), name, fallback, parameterOptions),
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication: makeHttpRequestWithAuthentication(node, credentials, options.requests) },
	};
	return context as unknown as IExecuteFunctions;
}

export interface HookOptions {
	parameters?: IDataObject;
	/** What the hook context's httpRequest (n8n's generic HTTP helper) answers; every request is recorded. */
	httpRequest?: (options: IHttpRequestOptions) => Promise<unknown>;
	webhookUrl?: string;
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger' | 'webhook';
	credentials?: ICredentialDataDecryptedObject;
	workflow?: { id: string; name: string };
	/** n8n's activation mode: 'activate' (fresh), 'update' (save or republish), 'init' (start-up). */
	activation?: 'activate' | 'update' | 'init' | 'leadershipChange' | 'manual';
	/** The trigger's typeVersion (1 unless a test says otherwise). */
	typeVersion?: number;
}

export const WEBHOOK_URL = 'https://n8n.example.com/webhook/0b7e1d2c-3f4a-4b5c-8d9e-0f1a2b3c4d5e/webhook';

/** What a test context logged, by level, so tests can check what an operator would read in n8n's log. */
export type CapturedLogs = Record<'debug' | 'info' | 'warn' | 'error' | 'verbose', string[]>;

export function capturingLogger(): { logger: Record<keyof CapturedLogs, (message: string) => void>; logs: CapturedLogs } {
	const logs: CapturedLogs = { debug: [], info: [], warn: [], error: [], verbose: [] };
	const logger = {
		debug: (message: string) => void logs.debug.push(message),
		info: (message: string) => void logs.info.push(message),
		warn: (message: string) => void logs.warn.push(message),
		error: (message: string) => void logs.error.push(message),
		verbose: (message: string) => void logs.verbose.push(message),
	};
	return { logger, logs };
}

export function hookContext(options: HookOptions = {}): IHookFunctions & { staticData: IDataObject; logs: CapturedLogs; httpRequests: IHttpRequestOptions[] } {
	const node = { ...testNode('n8n-nodes-aurora-solar.auroraSolarTrigger', 'Aurora Solar Trigger'), typeVersion: options.typeVersion ?? 1 };
	const credentials = options.credentials ?? testCredentials();
	const staticData = options.staticData ?? {};
	const parameters = { events: ['lead_created'], retrieveDetails: true, ...(options.parameters ?? {}) };
	const { logger, logs } = capturingLogger();
	const httpRequests: IHttpRequestOptions[] = [];
	const context = {
		staticData,
		logs,
		httpRequests,
		getNode: () => node,
		getNodeWebhookUrl: () => options.webhookUrl ?? WEBHOOK_URL,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => options.workflow ?? { id: 'wf-42', name: 'Leads to Sheets', active: true },
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => options.activation ?? 'activate',
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(parameters, name, fallback),
		logger,
		helpers: {
			httpRequestWithAuthentication: makeHttpRequestWithAuthentication(node, credentials),
			httpRequest: async (request: IHttpRequestOptions) => {
				httpRequests.push(request);
				return await (options.httpRequest ?? (async () => ({ statusCode: 200, body: '' })))(request);
			},
		},
	};
	return context as unknown as IHookFunctions & { staticData: IDataObject; logs: CapturedLogs; httpRequests: IHttpRequestOptions[] };
}

export interface CapturedResponse {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
}

export interface WebhookOptions {
	query?: IDataObject;
	headers?: IDataObject;
	parameters?: IDataObject;
	staticData?: IDataObject;
	credentials?: ICredentialDataDecryptedObject;
	mode?: 'webhook' | 'manual';
	typeVersion?: number;
	workflow?: { id: string; name: string };
}

export function webhookContext(
	options: WebhookOptions = {},
): IWebhookFunctions & { response: CapturedResponse; warnings: string[]; errors: string[] } {
	const node = { ...testNode('n8n-nodes-aurora-solar.auroraSolarTrigger', 'Aurora Solar Trigger'), typeVersion: options.typeVersion ?? 1 };
	const credentials = options.credentials ?? testCredentials();
	const parameters = { events: ['lead_created'], retrieveDetails: true, ...(options.parameters ?? {}) };
	const response: CapturedResponse = { headers: {} };
	const warnings: string[] = [];
	const errors: string[] = [];
	const responseObject: Record<string, unknown> & { statusCode?: number } = {
		setHeader: (name: string, value: string) => {
			response.headers[name.toLowerCase()] = value;
			return responseObject;
		},
		status: (code: number) => {
			response.status = code;
			responseObject.statusCode = code;
			return responseObject;
		},
		json: (body: unknown) => {
			response.body = body;
			return responseObject;
		},
		send: (body: unknown) => {
			response.body = body;
			return responseObject;
		},
		end: () => responseObject,
	};
	const context = {
		response,
		warnings,
		errors,
		getNode: () => node,
		getWorkflow: () => options.workflow ?? { id: 'wf-42', name: 'Leads to Sheets', active: true },
		getMode: () => options.mode ?? 'webhook',
		getQueryData: () => options.query ?? {},
		getHeaderData: () => options.headers ?? {},
		getResponseObject: () => responseObject,
		getWorkflowStaticData: () => options.staticData ?? {},
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(parameters, name, fallback),
		logger: { ...silentLogger, warn: (message: string) => warnings.push(message), error: (message: string) => errors.push(message) },
		helpers: {
			httpRequestWithAuthentication: makeHttpRequestWithAuthentication(node, credentials),
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return context as unknown as IWebhookFunctions & { response: CapturedResponse; warnings: string[]; errors: string[] };
}

export interface TriggerOptions {
	parameters?: IDataObject;
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger';
	credentials?: ICredentialDataDecryptedObject;
	typeVersion?: number;
	activation?: 'activate' | 'update' | 'init' | 'leadershipChange';
	workflow?: { id: string; name: string };
	/**
	 * What n8n does with an emitted execution, as the `donePromise` tells it: by default the run
	 * succeeds; 'failed' runs end in an error, 'not-started' never start (the promise rejects).
	 */
	runs?: (item: IDataObject) => 'success' | 'error' | 'not-started';
}

/** One emit as n8n received it: the items, and the deduplication key (n8n 2.x). */
export interface Emitted {
	items: IDataObject[];
	deduplicationKey?: string;
}

/** A trigger() context as n8n's TriggerContext offers it; registered crons are kept for the test to fire, emits recorded. */
export function triggerContext(options: TriggerOptions = {}): ITriggerFunctions & {
	staticData: IDataObject;
	logs: CapturedLogs;
	crons: Array<{ expression: string; onTick: () => void }>;
	emitted: Emitted[];
} {
	const node = { ...testNode('n8n-nodes-aurora-solar.auroraSolarTrigger', 'Aurora Solar Trigger'), typeVersion: options.typeVersion ?? 1 };
	const credentials = options.credentials ?? testCredentials();
	const staticData = options.staticData ?? {};
	const parameters = { events: ['lead_created'], retrieveDetails: true, ...(options.parameters ?? {}) };
	const { logger, logs } = capturingLogger();
	const crons: Array<{ expression: string; onTick: () => void }> = [];
	const emitted: Emitted[] = [];
	const deferred = <T>() => {
		let resolve!: (value: T) => void;
		let reject!: (error: Error) => void;
		const promise = new Promise<T>((ok, fail) => {
			resolve = ok;
			reject = fail;
		});
		return { promise, resolve, reject };
	};
	const context = {
		staticData,
		logs,
		crons,
		emitted,
		getNode: () => node,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => options.workflow ?? { id: 'wf-42', name: 'Leads to Sheets', active: true },
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => options.activation ?? 'init',
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(parameters, name, fallback),
		logger,
		emit: (data: Array<Array<{ json: IDataObject }>>, _response?: unknown, done?: { resolve(run: unknown): void; reject(error: Error): void }, deduplicationKey?: string) => {
			const items = data[0].map((entry) => entry.json);
			emitted.push({ items, deduplicationKey });
			const outcome = options.runs?.(items[0]) ?? 'success';
			// n8n settles the promise once the execution has finished; later than the emit.
			setImmediate(() => {
				if (outcome === 'not-started') done?.reject(new Error('Published version not found'));
				else done?.resolve({ status: outcome, finished: outcome === 'success' });
			});
		},
		helpers: {
			httpRequestWithAuthentication: makeHttpRequestWithAuthentication(node, credentials),
			registerCron: ({ expression }: { expression: string }, onTick: () => void) => {
				crons.push({ expression, onTick });
			},
			createDeferredPromise: deferred,
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return context as unknown as ITriggerFunctions & { staticData: IDataObject; logs: CapturedLogs; crons: typeof crons; emitted: Emitted[] };
}

export interface TriggerExecuteOptions {
	items: IDataObject[];
	store: DedupeStore;
	parameters?: IDataObject;
	mode?: 'manual' | 'webhook' | 'trigger';
	typeVersion?: number;
	workflow?: { id: string; name: string };
}

/** The trigger's execute() in an execution it started, with n8n's dedupe store helpers over `store`. */
export function triggerExecuteContext(options: TriggerExecuteOptions): IExecuteFunctions & { logs: CapturedLogs } {
	const node = { ...testNode('n8n-nodes-aurora-solar.auroraSolarTrigger', 'Aurora Solar Trigger'), typeVersion: options.typeVersion ?? 1.2 };
	const workflow = options.workflow ?? { id: 'wf-42', name: 'Leads to Sheets' };
	const parameters = { events: ['lead_created'], retrieveDetails: true, ...(options.parameters ?? {}) };
	const row = `${workflow.id}/n:${node.id}`;
	const { logger, logs } = capturingLogger();
	const context = {
		logs,
		getInputData: () => options.items.map((json) => ({ json })),
		getNode: () => node,
		getWorkflow: () => ({ ...workflow, active: true }),
		getMode: () => options.mode ?? 'webhook',
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => readParameter(parameters, name, fallback),
		logger,
		helpers: {
			checkProcessedAndRecord: async (values: string[], scope: string, check: { mode: string; maxEntries?: number }) => {
				if (scope !== 'node' || check.mode !== 'entries') throw new Error('Test context: only node-scoped entries are modelled');
				return await options.store.checkProcessedAndRecord(row, values, check.maxEntries);
			},
			removeProcessed: async (values: string[]) => await options.store.removeProcessed(row, values),
		},
	};
	return context as unknown as IExecuteFunctions & { logs: CapturedLogs };
}
