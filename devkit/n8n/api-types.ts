/**
 * What the n8n API client (api-client.ts) sends and gets back: the owner account it creates, the
 * scopes it asks for on the API key, executions, node types and credential-test results.
 */
export interface OwnerCredentials {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface ExecutionSummary {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	data?: unknown;
	[key: string]: unknown;
}

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	[key: string]: unknown;
}

export const DEFAULT_OWNER: OwnerCredentials = {
	email: 'e2e-owner@example.com',
	password: 'E2e-Passw0rd-Aurora',
	firstName: 'E2E',
	lastName: 'Owner',
};

/** Scopes we would like on the API key; only those the instance offers are requested. */
export const WANTED_API_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:delete',
	'workflow:activate',
	'workflow:deactivate',
	'credential:create',
	'credential:read',
	'credential:list',
	'credential:update',
	'credential:delete',
	'execution:read',
	'execution:list',
	'execution:delete',
	'dataTable:list',
	'dataTable:read',
	'dataTable:create',
	'dataTableRow:read',
];
