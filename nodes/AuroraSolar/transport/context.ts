import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/**
 * Every n8n context our transport runs in: actions, list searches, the webhook lifecycle, deliveries,
 * and the trigger's scheduled subscription check.
 */
export type AuroraContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions;

export const CREDENTIAL_TYPE = 'auroraSolarApi';
