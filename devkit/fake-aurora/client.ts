/**
 * Typed client for the fake's admin API, for tests, the demo and benchmarks that drive a fake
 * running in another process (see cli.ts). Imports types only, never the server.
 */
import { request, type Dispatcher } from 'undici';
import type {
	Agreement,
	AgreementStatus,
	DeliveryAttempt,
	DesignRecord,
	DesignRequest,
	EventAttributes,
	FakeAuroraConfig,
	FaultRule,
	FaultSpec,
	FiredEvent,
	Lead,
	LeadPatch,
	Project,
	RequestLogEntry,
	WebhookSubscription,
	WebProposal,
} from './types';

export type AdminSubscription = WebhookSubscription & { tenant_id: string };

export type SubscriptionPatch = Partial<Pick<WebhookSubscription, 'event' | 'url_template' | 'description' | 'enabled' | 'header_auth_key' | 'header_auth_value'>>;

/** A design request as the API shows it (other keys the create call sent are spread in), plus its tenant. */
export type AdminDesignRequest = Omit<DesignRequest, 'extra'> & Record<string, unknown> & { tenant_id?: string };

export type AdminAgreement = Agreement & { tenant_id?: string };

export interface TokenState {
	tenantId: string;
	restricted: boolean;
	revoked: boolean;
}

export interface DeliveriesResponse {
	deliveries: DeliveryAttempt[];
	pendingRetries: number;
	inFlight: number;
}

export class FakeAuroraAdminError extends Error {
	constructor(
		readonly status: number,
		readonly body: string,
		method: string,
		path: string,
	) {
		super(`fake-aurora admin ${method} ${path} answered ${status}: ${body}`);
	}
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class FakeAuroraClient {
	private readonly base: string;

	constructor(
		baseUrl: string,
		private readonly dispatcher?: Dispatcher,
	) {
		this.base = baseUrl.replace(/\/+$/, '');
	}

	private async call<T>(method: Method, path: string, body?: unknown): Promise<T> {
		const res = await request(`${this.base}/__admin${path}`, {
			method,
			dispatcher: this.dispatcher,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.body.text();
		if (res.statusCode < 200 || res.statusCode >= 300) throw new FakeAuroraAdminError(res.statusCode, text, method, path);
		return (text === '' ? undefined : JSON.parse(text)) as T;
	}

	async health(): Promise<boolean> {
		return (await this.call<{ ok: boolean }>('GET', '/health')).ok;
	}

	/** Creates a lead like Lead Capture AI (fake homeowner data plus `lead`) and fires lead_created. */
	async createLead(lead: LeadPatch = {}, tenantId?: string, createdAt?: string): Promise<Lead> {
		return (await this.call<{ lead: Lead }>('POST', '/leads', { tenantId, lead, createdAt })).lead;
	}

	/** Changes a lead (customer is deep-merged) and fires lead_changed. */
	async changeLead(id: string, patch: LeadPatch): Promise<Lead> {
		return (await this.call<{ lead: Lead }>('PATCH', `/leads/${encodeURIComponent(id)}`, patch)).lead;
	}

	/** Bulk-creates leads without firing events. */
	async seedLeads(count: number, tenantId?: string, createdAt?: string): Promise<number> {
		return (await this.call<{ created: number }>('POST', '/leads/seed', { tenantId, count, createdAt })).created;
	}

	/**
	 * Creates a project as if made in the Aurora app; `fire` sends project_created with SOURCE=app,
	 * `consumptionProfile` gives it a filled-in consumption profile (a year of bills).
	 */
	async createProject(project: Partial<Project> = {}, options: { tenantId?: string; fire?: boolean; consumptionProfile?: boolean } = {}): Promise<Project> {
		return (await this.call<{ project: Project }>('POST', '/projects', { ...options, project })).project;
	}

	/** `fire: true` sends design_created; a string sends that event with DESIGN_ID, PROJECT_ID, JOB_ID, STATUS. */
	async createDesign(
		projectId: string,
		options: { design?: { name?: string; system_size_stc?: number; external_provider_id?: string; milestone?: string }; fire?: boolean | string } = {},
	): Promise<DesignRecord> {
		return (await this.call<{ design: DesignRecord }>('POST', '/designs', { projectId, ...options })).design;
	}

	/** Design requests of all tenants (or one), optionally of one project, oldest first. */
	async listDesignRequests(filter: { tenantId?: string; projectId?: string } = {}): Promise<AdminDesignRequest[]> {
		const params = new URLSearchParams();
		if (filter.tenantId) params.set('tenantId', filter.tenantId);
		if (filter.projectId) params.set('projectId', filter.projectId);
		const q = params.toString() === '' ? '' : `?${params.toString()}`;
		return (await this.call<{ design_requests: AdminDesignRequest[] }>('GET', `/design_requests${q}`)).design_requests;
	}

	/** Aurora's design team finished a pending request: status completed, fires design_request_completed. */
	async completeDesignRequest(id: string): Promise<AdminDesignRequest> {
		return (await this.call<{ design_request: AdminDesignRequest }>('POST', `/design_requests/${encodeURIComponent(id)}/complete`)).design_request;
	}

	/** Aurora's design team turned a pending request down: status rejected, fires design_request_rejected. */
	async rejectDesignRequest(id: string): Promise<AdminDesignRequest> {
		return (await this.call<{ design_request: AdminDesignRequest }>('POST', `/design_requests/${encodeURIComponent(id)}/reject`)).design_request;
	}

	/** Agreements of all tenants (or one), optionally of one project, oldest first. */
	async listAgreements(filter: { tenantId?: string; projectId?: string } = {}): Promise<AdminAgreement[]> {
		const params = new URLSearchParams();
		if (filter.tenantId) params.set('tenantId', filter.tenantId);
		if (filter.projectId) params.set('projectId', filter.projectId);
		const q = params.toString() === '' ? '' : `?${params.toString()}`;
		return (await this.call<{ agreements: AdminAgreement[] }>('GET', `/agreements${q}`)).agreements;
	}

	/**
	 * An agreement sent from the app for a design of the project (status `sent` unless given).
	 * `fire: true` also sends agreement_status_changed.
	 */
	async createAgreement(input: {
		projectId: string;
		designId: string;
		financingId?: string;
		status?: AgreementStatus;
		errorMessage?: string;
		fire?: boolean;
	}): Promise<Agreement> {
		return (await this.call<{ agreement: Agreement }>('POST', '/agreements', input)).agreement;
	}

	/** Moves an agreement to `status` (signed sets signed_at, error sets error_message) and fires agreement_status_changed. */
	async setAgreementStatus(id: string, status: AgreementStatus, options: { errorMessage?: string } = {}): Promise<Agreement> {
		return (await this.call<{ agreement: Agreement }>('PATCH', `/agreements/${encodeURIComponent(id)}`, { status, ...options })).agreement;
	}

	/** Makes a design's web proposal link expired (409 if none was generated yet). No event fires. */
	async expireWebProposal(designId: string): Promise<WebProposal> {
		return (await this.call<{ web_proposal: WebProposal }>('POST', `/designs/${encodeURIComponent(designId)}/web_proposal/expire`)).web_proposal;
	}

	/** Fires any event; returns how many subscriptions matched (each gets a delivery). */
	async fire(event: string, attributes: EventAttributes = {}, tenantId?: string): Promise<number> {
		return (await this.call<{ deliveries: number }>('POST', '/fire', { tenantId, event, attributes })).deliveries;
	}

	async addFault(fault: FaultSpec): Promise<FaultRule> {
		return (await this.call<{ fault: FaultRule }>('POST', '/faults', fault)).fault;
	}

	async faults(): Promise<FaultRule[]> {
		return (await this.call<{ faults: FaultRule[] }>('GET', '/faults')).faults;
	}

	async clearFaults(): Promise<void> {
		await this.call('DELETE', '/faults');
	}

	/** API requests seen by the fake, from log index `since` on. */
	async requests(since?: number): Promise<RequestLogEntry[]> {
		const q = since === undefined ? '' : `?since=${since}`;
		return (await this.call<{ requests: RequestLogEntry[] }>('GET', `/requests${q}`)).requests;
	}

	async clearRequests(): Promise<void> {
		await this.call('DELETE', '/requests');
	}

	/** Every delivery attempt so far (optionally for one subscription or event). */
	async deliveries(filter: { webhookId?: string; event?: string } = {}): Promise<DeliveryAttempt[]> {
		return (await this.deliveryState(filter)).deliveries;
	}

	async deliveryState(filter: { webhookId?: string; event?: string } = {}): Promise<DeliveriesResponse> {
		const params = new URLSearchParams();
		if (filter.webhookId) params.set('webhookId', filter.webhookId);
		if (filter.event) params.set('event', filter.event);
		const q = params.toString() === '' ? '' : `?${params.toString()}`;
		return this.call<DeliveriesResponse>('GET', `/deliveries${q}`);
	}

	async clearDeliveries(): Promise<void> {
		await this.call('DELETE', '/deliveries');
	}

	async events(): Promise<FiredEvent[]> {
		return (await this.call<{ events: FiredEvent[] }>('GET', '/events')).events;
	}

	/** All webhook subscriptions, secrets included. */
	async subscriptions(tenantId?: string): Promise<AdminSubscription[]> {
		const q = tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : '';
		return (await this.call<{ subscriptions: AdminSubscription[] }>('GET', `/subscriptions${q}`)).subscriptions;
	}

	/**
	 * Changes a subscription behind the client's back, e.g. `{enabled: false}` as Aurora's auto-disable
	 * or a user in Aurora's dashboard would. Returns the subscription as it is now.
	 */
	async updateSubscription(id: string, patch: SubscriptionPatch): Promise<AdminSubscription> {
		return (await this.call<{ subscription: AdminSubscription }>('PATCH', `/subscriptions/${encodeURIComponent(id)}`, patch)).subscription;
	}

	/** Deletes a subscription behind the client's back (as a user would in Aurora's UI). */
	async deleteSubscription(id: string): Promise<void> {
		await this.call('DELETE', `/subscriptions/${encodeURIComponent(id)}`);
	}

	/** Revokes an API key: from now on it gets 401, like a key revoked in Aurora. */
	async revokeToken(token: string): Promise<TokenState> {
		return (await this.call<{ token: TokenState }>('POST', '/tokens/revoke', { token })).token;
	}

	/** Undoes revokeToken (reset does too). */
	async restoreToken(token: string): Promise<TokenState> {
		return (await this.call<{ token: TokenState }>('POST', '/tokens/restore', { token })).token;
	}

	async configure(patch: Partial<FakeAuroraConfig>): Promise<FakeAuroraConfig> {
		return (await this.call<{ config: FakeAuroraConfig }>('POST', '/config', patch)).config;
	}

	async config(): Promise<FakeAuroraConfig> {
		return (await this.call<{ config: FakeAuroraConfig }>('GET', '/config')).config;
	}

	/** Clears data, logs, faults and pending retries, restores revoked keys; keeps tenants, tokens and config. */
	async reset(): Promise<void> {
		await this.call('POST', '/reset');
	}

	/** Polls the delivery log until `predicate` holds; returns the attempts it saw last. */
	async waitForDeliveries(
		predicate: (attempts: DeliveryAttempt[]) => boolean,
		options: { timeoutMs?: number; intervalMs?: number } = {},
	): Promise<DeliveryAttempt[]> {
		const deadline = Date.now() + (options.timeoutMs ?? 10_000);
		for (;;) {
			const attempts = await this.deliveries();
			if (predicate(attempts)) return attempts;
			if (Date.now() > deadline) throw new Error(`waitForDeliveries timed out; last saw ${attempts.length} attempts`);
			await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
		}
	}
}
