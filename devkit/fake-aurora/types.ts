/**
 * Shapes shared by the fake Aurora server, its routes and the admin client.
 * Field names of API objects follow Aurora's docs (see devkit/fake-aurora/README.md for which
 * ones are documented and which are guesses). Kept free of runtime code so the admin client
 * can import it without pulling in the server.
 */

export interface LeadCustomer {
	customer_address: string | null;
	customer_email: string | null;
	customer_first_name: string | null;
	customer_last_name: string | null;
	customer_phone: string | null;
}

export interface Lead {
	id: string;
	address: string | null;
	project_id: string | null;
	latitude: number | null;
	longitude: number | null;
	customer: LeadCustomer;
	monthly_average_bill: number;
	system_size_stc: number;
	annual_production: number;
	module_count: number;
	template_id: string | null;
	template_name: string | null;
	created_at: string;
}

/** A partial lead as accepted by the admin API: `customer` may itself be partial. */
export type LeadPatch = Partial<Omit<Lead, 'customer'>> & { customer?: Partial<LeadCustomer> };

export interface ProjectLocation {
	property_address: string | null;
	latitude: number | null;
	longitude: number | null;
}

export interface Project {
	id: string;
	external_provider_id: string | null;
	name: string;
	customer_salutation: string | null;
	customer_first_name: string | null;
	customer_last_name: string | null;
	mailing_address: string | null;
	customer_email: string | null;
	customer_phone: string | null;
	property_address: string | null;
	location: ProjectLocation;
	project_type: string;
	owner_id: string | null;
	status: string;
	tags: string[];
	created_at: string;
}

export interface BillOfMaterialsItem {
	id: string;
	name: string;
	component_type: string;
	quantity: number;
}

export interface DesignArray {
	id: string;
	module: { name: string; count: number };
	azimuth: number;
	pitch: number;
	size_stc: number;
}

export interface DesignPricing {
	design_id: string;
	system_price: number;
	price_per_watt: number;
	base_price_per_watt: number;
	adders_total: number;
	incentives_total: number;
	currency: string;
}

/** A file Aurora generated for a design (CAD export, screenshot, racking report). */
export interface DesignAsset {
	id: string;
	design_id: string;
	asset_type: string;
	url: string;
	created_at: string;
}

/** One module group on a roof face: what the roof summary lists under `modules` (2024.05) or `panels` (older). */
export interface RoofModules {
	name: string;
	count: number;
	size_stc: number;
}

export interface DesignRoof {
	id: string;
	pitch: number;
	azimuth: number;
	/** Square metres; invented (module footprint plus setbacks). */
	area: number;
	modules: RoofModules[];
}

/** Everything the fake knows about a design; the routes cut it into design/summary/pricing/roof/asset views. */
export interface DesignRecord {
	id: string;
	external_provider_id: string | null;
	project_id: string;
	name: string;
	system_size_stc: number;
	system_size_ac: number;
	module_count: number;
	milestone: { milestone: string };
	bill_of_materials: BillOfMaterialsItem[];
	arrays: DesignArray[];
	pricing: Omit<DesignPricing, 'design_id'>;
	roofs: DesignRoof[];
	assets: DesignAsset[];
	created_at: string;
}

/** A project's consumption profile as stored; the API answers `{...extra, ...the named fields}`. */
export interface ConsumptionProfile {
	project_id: string;
	/** kWh per month, January first; null for a month without data. */
	monthly_energy: Array<number | null>;
	/** Dollars per month when the last PUT sent bills, otherwise null. */
	monthly_bill: Array<number | null> | null;
	annual_energy: number;
	utility_name: string | null;
	rate_name: string | null;
	updated_at: string;
	/** Other keys a PUT sent, stored as given. */
	extra: Record<string, unknown>;
}

export type DesignRequestStatus = 'pending' | 'completed' | 'accepted' | 'rejected';

/** A request for Aurora's design team to build a roof model; `extra` holds other keys the create call sent. */
export interface DesignRequest {
	id: string;
	project_id: string;
	status: DesignRequestStatus;
	notes: string | null;
	design_id: string | null;
	created_at: string;
	updated_at: string;
	extra: Record<string, unknown>;
}

/** Statuses on Aurora's events page for agreement_status_changed. */
export type AgreementStatus = 'sent' | 'viewed' | 'signed' | 'cancel-pending' | 'canceled' | 'declined' | 'error';

export interface Agreement {
	id: string;
	project_id: string;
	design_id: string;
	financing_id: string | null;
	status: AgreementStatus;
	error_message: string | null;
	signed_at: string | null;
	document_url: string | null;
	created_at: string;
	updated_at: string;
}

/** The web proposal link of one design, as stored (url_expired is computed on read). */
export interface WebProposalLink {
	url: string;
	expires_at: string;
	/** Set by the admin "expire" call; a link is also expired once expires_at has passed. */
	expired: boolean;
}

export interface WebProposal {
	design_id: string;
	url: string | null;
	url_expired: boolean;
	expires_at: string | null;
}

export interface AuroraUser {
	id: string;
	first_name: string;
	last_name: string;
	email: string;
	account_status: string;
	phone: string;
	role_id: string;
	team_ids: string[];
	partner_ids: string[];
}

export interface WebhookSubscription {
	id: string;
	event: string;
	url_template: string;
	description: string | null;
	enabled: boolean;
	header_auth_key: string | null;
	header_auth_value: string | null;
	created_at: string;
}

export interface TenantOption {
	tenantId: string;
	/** API keys. Keys starting with `rk_` are restricted keys and may only use GET (as Aurora's prefix convention suggests). */
	tokens: string[];
	name?: string;
}

export type LeadEnvelope = 'bare' | 'wrapped';
export type WebhookSecretEcho = 'omit' | 'echo';
/** Where a list of design requests or agreements is served: under the project, or tenant-wide with `?project_id=`. */
export type ListLocation = 'project' | 'tenant';

/** Runtime-changeable behaviour (also `POST /__admin/config`). */
export interface FakeAuroraConfig {
	/** 0 = off. Aurora's documented default is 90. */
	rateLimitPerMinute: number;
	/** Length of the sliding rate-limit window; real Aurora is 60 s, tests shrink it. */
	rateLimitWindowMs: number;
	/** Multiplier for the webhook retry ladder (30 s, 5 min, 30 min, 3 h, 20 h). */
	timeScale: number;
	deliveryTimeoutMs: number;
	leadEnvelope: LeadEnvelope;
	webhookSecretEcho: WebhookSecretEcho;
	defaultPerPage: number;
	maxPerPage: number;
	/** When true, list endpoints ignore page/per_page and always answer the first page. */
	ignorePaging: boolean;
	/** When false, state changes record their events but do not deliver them; `/__admin/fire` always delivers. */
	autoDeliver: boolean;
	/**
	 * 0 = off. A subscription whose delivery attempts have failed without a success in between for
	 * at least this long (real milliseconds, not scaled by timeScale) is set to `enabled: false`,
	 * like Aurora does after 48 h of failures.
	 */
	autoDisableAfterMs: number;
	/** What a successful consumption-profile PUT answers: 200 with the profile, or 204 without a body (unknown in Aurora). */
	consumptionProfilePutAnswer: 'object' | 'empty';
	/** `project`: GET /projects/{id}/design_requests; `tenant`: GET /design_requests?project_id= (the other one is 404). */
	designRequestListAt: ListLocation;
	/** Same for agreements: GET /projects/{id}/agreements or GET /agreements?project_id=. */
	agreementListAt: ListLocation;
	/** 0 = never. Completes each new design request after this many real milliseconds (not scaled by timeScale). */
	autoCompleteDesignRequestsAfterMs: number;
	/** The roof summary's key for module groups: `modules` (API 2024.05 on) or `panels` (before). */
	roofSummaryModulesKey: 'modules' | 'panels';
}

export interface FakeAuroraOptions extends Partial<FakeAuroraConfig> {
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	tenants?: TenantOption[];
}

export interface RequestLogEntry {
	index: number;
	at: string;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** 0 when no response was sent (socket reset, held or answer lost by a fault). */
	status: number;
	/** First 8 characters of the bearer token followed by an ellipsis; never the full token. */
	token: string | null;
	durationMs: number;
	fault?: FaultKind;
}

export interface DeliveryAttempt {
	deliveryId: string;
	webhookId: string;
	tenantId: string;
	event: string;
	url: string;
	/** 1 for the first try, 2..6 for retries. */
	attempt: number;
	status?: number;
	error?: string;
	ok: boolean;
	at: string;
	durationMs: number;
	/** Delay before the next retry (already scaled), or null when there will be none. */
	nextRetryInMs: number | null;
	/** The answer's Retry-After header, when it had one. */
	retryAfter?: string;
	/** The first 200 characters of the answer's body, when it had one. */
	answer?: string;
	/** Set on the failed attempt that made the fake auto-disable the subscription (see autoDisableAfterMs). */
	autoDisabled?: true;
}

export type EventAttributes = Record<string, string | number | boolean | null | undefined>;

export interface FiredEvent {
	at: string;
	tenantId: string;
	event: string;
	attributes: Record<string, string>;
	/** Subscriptions that matched (tenant, event, enabled). */
	matched: number;
	delivered: boolean;
}

/** `lost-answer`: the request is handled normally (state changes, events), then the socket is destroyed unanswered. */
export type FaultKind = 'status' | 'latency' | 'garbage' | 'timeout' | 'reset' | 'lost-answer';

export interface FaultSpec {
	method?: string;
	/** Regular expression source tested against the request path (without query string). */
	path?: string;
	kind: FaultKind;
	status?: number;
	/** Raw Retry-After header value, e.g. '2' or an HTTP date. */
	retryAfter?: string;
	latencyMs?: number;
	/** How many times the rule may fire; unlimited when absent. */
	times?: number;
	/** 0..1, default 1. */
	probability?: number;
}

export interface FaultRule extends FaultSpec {
	id: string;
	hits: number;
	created_at: string;
}
