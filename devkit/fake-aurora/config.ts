/**
 * Defaults and validation for the fake's options and its runtime config.
 */
import type { FakeAuroraConfig, FakeAuroraOptions, TenantOption } from './types';

export const DEFAULT_TENANT_ID = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
export const DEFAULT_TOKEN = 'sk_sand_fake_demo_token';
export const RESTRICTED_TOKEN = 'rk_sand_restricted_token';
export const OTHER_TENANT_ID = 'b4e2d3c5-6c7f-4081-9bac-1d2e3f4a5b6c';
export const OTHER_TENANT_TOKEN = 'sk_sand_other_tenant_token';

export function defaultTenants(): TenantOption[] {
	return [
		{ tenantId: DEFAULT_TENANT_ID, tokens: [DEFAULT_TOKEN, RESTRICTED_TOKEN], name: 'Sunrise Solar Co. (sandbox)' },
		{ tenantId: OTHER_TENANT_ID, tokens: [OTHER_TENANT_TOKEN], name: 'Other Installer LLC (sandbox)' },
	];
}

export function defaultConfig(): FakeAuroraConfig {
	return {
		rateLimitPerMinute: 0,
		rateLimitWindowMs: 60_000,
		timeScale: 1,
		deliveryTimeoutMs: 10_000,
		leadEnvelope: 'bare',
		webhookSecretEcho: 'omit',
		defaultPerPage: 100,
		maxPerPage: 250,
		ignorePaging: false,
		autoDeliver: true,
		autoDisableAfterMs: 0,
		consumptionProfilePutAnswer: 'object',
		designRequestListAt: 'project',
		agreementListAt: 'project',
		autoCompleteDesignRequestsAfterMs: 0,
		roofSummaryModulesKey: 'modules',
	};
}

type Check = (value: unknown) => boolean;
const nonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const positiveInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const bool: Check = (v) => typeof v === 'boolean';
const oneOf =
	(...values: string[]): Check =>
	(v) =>
		typeof v === 'string' && values.includes(v);

const CHECKS: { [K in keyof FakeAuroraConfig]: Check } = {
	rateLimitPerMinute: (v) => nonNegative(v) && Number.isInteger(v),
	rateLimitWindowMs: positiveInt,
	timeScale: nonNegative,
	deliveryTimeoutMs: positiveInt,
	leadEnvelope: (v) => v === 'bare' || v === 'wrapped',
	webhookSecretEcho: (v) => v === 'omit' || v === 'echo',
	defaultPerPage: positiveInt,
	maxPerPage: positiveInt,
	ignorePaging: bool,
	autoDeliver: bool,
	autoDisableAfterMs: nonNegative,
	consumptionProfilePutAnswer: oneOf('object', 'empty'),
	designRequestListAt: oneOf('project', 'tenant'),
	agreementListAt: oneOf('project', 'tenant'),
	autoCompleteDesignRequestsAfterMs: nonNegative,
	roofSummaryModulesKey: oneOf('modules', 'panels'),
};

/**
 * Validates a partial config (from options or the admin API). Unknown keys are rejected so a
 * typo in a test does not silently leave the default in place.
 */
export function parseConfigPatch(input: unknown, allowExtra: readonly string[] = []): Partial<FakeAuroraConfig> {
	if (input === null || typeof input !== 'object' || Array.isArray(input)) {
		throw new Error('config must be a JSON object');
	}
	const patch: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(input)) {
		if (allowExtra.includes(key) || value === undefined) continue;
		if (!(key in CHECKS)) throw new Error(`unknown config key: ${key}`);
		if (!CHECKS[key as keyof FakeAuroraConfig](value)) throw new Error(`invalid value for ${key}: ${JSON.stringify(value)}`);
		patch[key] = value;
	}
	return patch as Partial<FakeAuroraConfig>;
}

export function resolveConfig(options: FakeAuroraOptions): FakeAuroraConfig {
	return { ...defaultConfig(), ...parseConfigPatch(options, ['port', 'host', 'tenants']) };
}
