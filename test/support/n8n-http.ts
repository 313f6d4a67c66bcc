import path from 'path';

import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { AuroraSolarApi } from '../../credentials/AuroraSolarApi.credentials';

/**
 * n8n 2.41's own HTTP implementation (axios underneath), so nock sees exactly the requests n8n
 * would send. It is not in the package's public exports, hence the file path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { httpRequest } = require(path.join(
	path.dirname(require.resolve('@n8n/backend-network')),
	'http/axios/request.js',
)) as { httpRequest: (options: IHttpRequestOptions) => Promise<unknown> };

/** Resolves the credential's generic `authenticate` block the way n8n does for these simple expressions. */
export function applyCredentialAuthentication(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): IHttpRequestOptions {
	const { properties } = new AuroraSolarApi().authenticate;
	const headers: Record<string, string> = { ...((options.headers as Record<string, string>) ?? {}) };
	for (const [name, template] of Object.entries(properties.headers ?? {})) {
		headers[name] = String(template)
			.replace(/^=/, '')
			.replace(/\{\{\s*\$credentials\.(\w+)(\.trim\(\))?\s*\}\}/g, (_match, key: string, trim?: string) => {
				const value = String(credentials[key] ?? '');
				return trim ? value.trim() : value;
			});
	}
	return { ...options, headers };
}

/** What `this.helpers.httpRequestWithAuthentication` does in n8n: authenticate, send, wrap failures. */
export function makeHttpRequestWithAuthentication(node: INode, credentials: ICredentialDataDecryptedObject, log?: IHttpRequestOptions[]) {
	return async (_credentialType: string, options: IHttpRequestOptions): Promise<unknown> => {
		const authenticated = applyCredentialAuthentication(credentials, options);
		log?.push(authenticated);
		try {
			return await httpRequest(authenticated);
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};
}
