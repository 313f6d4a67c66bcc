/**
 * In-memory state of the fake: tenants with their leads, projects, designs, webhook
 * subscriptions, sales-loop objects (consumption profiles, design requests, agreements, web
 * proposal links) and users, plus the request, delivery and event logs that tests assert on.
 * Objects live in per-tenant Maps so tenant scoping falls out of the data layout: a lookup
 * through the wrong tenant simply finds nothing (and the API answers 404, as Aurora does).
 */
import { seededUsers } from './fake-users';
import type {
	Agreement,
	AuroraUser,
	ConsumptionProfile,
	DeliveryAttempt,
	DesignRecord,
	DesignRequest,
	FiredEvent,
	Lead,
	Project,
	RequestLogEntry,
	TenantOption,
	WebhookSubscription,
	WebProposalLink,
} from './types';

export interface TokenInfo {
	token: string;
	tenantId: string;
	/** Aurora's `rk_` restricted keys; the fake lets them use GET only. */
	restricted: boolean;
	/** A revoked key answers 401 like an unknown one (admin `POST /tokens/revoke`, undone by `/tokens/restore` or reset). */
	revoked: boolean;
}

export interface TenantState {
	id: string;
	name: string;
	leads: Map<string, Lead>;
	projects: Map<string, Project>;
	designs: Map<string, DesignRecord>;
	webhooks: Map<string, WebhookSubscription>;
	/** By project id: a project has at most one. */
	consumptionProfiles: Map<string, ConsumptionProfile>;
	designRequests: Map<string, DesignRequest>;
	agreements: Map<string, Agreement>;
	/** By design id: a design has at most one live link. */
	webProposals: Map<string, WebProposalLink>;
	/** Seeded (fake-users.ts), and seeded again by clearData. */
	users: Map<string, AuroraUser>;
}

/** The per-tenant maps keyed by object id, for lookups across tenants. */
type OwnedMaps = Pick<TenantState, 'leads' | 'projects' | 'designs' | 'webhooks' | 'designRequests' | 'agreements'>;
type Owned<K extends keyof OwnedMaps> = OwnedMaps[K] extends Map<string, infer V> ? V : never;

function seedUsers(tenant: TenantState): void {
	tenant.users.clear();
	for (const user of seededUsers(tenant.id)) tenant.users.set(user.id, user);
}

interface HasCreatedAt {
	created_at: string;
}

/**
 * Values ordered by created_at ascending. Array#sort is stable, so objects created in the same
 * millisecond keep their insertion order, which keeps paging deterministic.
 */
export function byCreatedAt<T extends HasCreatedAt>(map: Map<string, T>): T[] {
	return Array.from(map.values()).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}

/**
 * Logs are capped so a long benchmark cannot eat the machine's memory; the oldest entries go
 * first, in chunks, so trimming stays cheap.
 */
export const LOG_CAP = 200_000;
const TRIM_CHUNK = 20_000;

export function pushCapped<T>(log: T[], entry: T): void {
	log.push(entry);
	if (log.length > LOG_CAP + TRIM_CHUNK) log.splice(0, log.length - LOG_CAP);
}

export class FakeStore {
	readonly tenants = new Map<string, TenantState>();
	readonly tokens = new Map<string, TokenInfo>();
	readonly requests: RequestLogEntry[] = [];
	readonly deliveries: DeliveryAttempt[] = [];
	readonly events: FiredEvent[] = [];
	/** Keeps counting across clears so pollers using `since` never see an index twice. */
	private nextRequestIndex = 0;

	constructor(tenants: TenantOption[]) {
		for (const t of tenants) {
			if (this.tenants.has(t.tenantId)) throw new Error(`duplicate tenant ${t.tenantId}`);
			const tenant: TenantState = {
				id: t.tenantId,
				name: t.name ?? `Tenant ${t.tenantId.slice(0, 8)}`,
				leads: new Map(),
				projects: new Map(),
				designs: new Map(),
				webhooks: new Map(),
				consumptionProfiles: new Map(),
				designRequests: new Map(),
				agreements: new Map(),
				webProposals: new Map(),
				users: new Map(),
			};
			seedUsers(tenant);
			this.tenants.set(t.tenantId, tenant);
			for (const token of t.tokens) {
				if (this.tokens.has(token)) throw new Error('the same token is listed for two tenants');
				this.tokens.set(token, { token, tenantId: t.tenantId, restricted: token.startsWith('rk_'), revoked: false });
			}
		}
	}

	/** The first configured tenant; admin calls without `tenantId` act on it. */
	get defaultTenantId(): string {
		const first = this.tenants.keys().next();
		if (first.done) throw new Error('the fake has no tenants');
		return first.value;
	}

	tenant(id: string | undefined): TenantState | undefined {
		return this.tenants.get(id ?? this.defaultTenantId);
	}

	findLead(id: string): { tenant: TenantState; lead: Lead } | undefined {
		for (const tenant of this.tenants.values()) {
			const lead = tenant.leads.get(id);
			if (lead) return { tenant, lead };
		}
		return undefined;
	}

	findProject(id: string): { tenant: TenantState; project: Project } | undefined {
		for (const tenant of this.tenants.values()) {
			const project = tenant.projects.get(id);
			if (project) return { tenant, project };
		}
		return undefined;
	}

	findSubscription(id: string): { tenant: TenantState; webhook: WebhookSubscription } | undefined {
		for (const tenant of this.tenants.values()) {
			const webhook = tenant.webhooks.get(id);
			if (webhook) return { tenant, webhook };
		}
		return undefined;
	}

	/** Finds an object of any tenant by id, with its tenant (admin calls name objects without their tenant). */
	findOwned<K extends keyof OwnedMaps>(kind: K, id: string): { tenant: TenantState; item: Owned<K> } | undefined {
		for (const tenant of this.tenants.values()) {
			const item = (tenant[kind] as Map<string, Owned<K>>).get(id);
			if (item) return { tenant, item };
		}
		return undefined;
	}

	logRequest(entry: Omit<RequestLogEntry, 'index'>): RequestLogEntry {
		const full = { index: this.nextRequestIndex++, ...entry };
		pushCapped(this.requests, full);
		return full;
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	/** Forgets all objects and logs; tenants, tokens and the seeded users stay. */
	clearData(): void {
		for (const t of this.tenants.values()) {
			t.leads.clear();
			t.projects.clear();
			t.designs.clear();
			t.webhooks.clear();
			t.consumptionProfiles.clear();
			t.designRequests.clear();
			t.agreements.clear();
			t.webProposals.clear();
			seedUsers(t);
		}
		this.requests.length = 0;
		this.deliveries.length = 0;
		this.events.length = 0;
	}
}
