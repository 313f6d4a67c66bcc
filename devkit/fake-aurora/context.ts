/**
 * What a route handler gets to work with. API handlers are already authenticated and scoped
 * to one tenant; admin handlers see the whole fake.
 */
import type { DeliveryEngine } from './deliveries';
import type { FaultRegistry } from './faults';
import type { RateLimiter } from './rate-limit';
import type { Route } from './router';
import type { FakeStore, TenantState, TokenInfo } from './store';
import type { TimerSet } from './timers';
import type { FakeAuroraConfig } from './types';

export interface FakeParts {
	store: FakeStore;
	config: FakeAuroraConfig;
	deliveries: DeliveryEngine;
	faults: FaultRegistry;
	rateLimiter: RateLimiter;
	/** Delayed state changes (auto-completed design requests); cancelled by reset and close. */
	timers: TimerSet;
}

interface RequestParts {
	query: Record<string, string | string[]>;
	/** Parsed JSON body, `undefined` when empty. */
	body: unknown;
	/** ISO time of the request, used for created_at. */
	now: string;
}

export interface ApiContext extends FakeParts, RequestParts {
	tenant: TenantState;
	token: TokenInfo;
}

export type AdminContext = FakeParts & RequestParts;

export type ApiRoute = Route<ApiContext>;
export type AdminRoute = Route<AdminContext>;
