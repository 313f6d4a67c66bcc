import { createRequire } from 'module';
import path from 'path';

import { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { AuroraSolarApi } from '../../credentials/AuroraSolarApi.credentials';

/**
 * n8n 2.41's own HTTP implementation (axios underneath), so nock sees exactly the requests n8n
 * would send. It is not in the package's public exports, hence the file path.
 */
const load = createRequire(__filename);
const { httpRequest } = load(path.join(
	path.dirname(load.resolve('@n8n/backend-network')),
	'http/axios/request.js',
)) as { httpRequest: (options: IHttpRequestOptions) => Promise<unknown> };

/** Applies the credential's `authenticate` the way n8n's CredentialsHelper does for a function. */
export async function applyCredentialAuthentication(
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	return await new AuroraSolarApi().authenticate(credentials, { ...options, headers: { ...(options.headers ?? {}) } });
}

/** When set (see fast-retries.ts), the longest timeout an attempt gets, whatever the package asked for. */
export const attemptTimeoutCap: { ms?: number } = {};

/** What `this.helpers.httpRequestWithAuthentication` does in n8n: authenticate, send, wrap failures. */
export function makeHttpRequestWithAuthentication(node: INode, credentials: ICredentialDataDecryptedObject, log?: IHttpRequestOptions[]) {
	return async (_credentialType: string, options: IHttpRequestOptions): Promise<unknown> => {
		try {
			const authenticated = await applyCredentialAuthentication(credentials, options);
			log?.push(authenticated);
			const cap = attemptTimeoutCap.ms;
			const sent = cap === undefined ? authenticated : { ...authenticated, timeout: Math.min(authenticated.timeout ?? cap, cap) };
			return await httpRequest(sent);
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};
}
