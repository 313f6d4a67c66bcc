import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { testCredentials, testNode } from './contexts';
import { makeHttpRequestWithAuthentication } from './n8n-http';

export interface LoadOptionsOptions {
	/** The node's current parameters, as the editor has them while the user fills in the form. */
	currentParameters?: IDataObject;
	credentials?: ICredentialDataDecryptedObject;
	requests?: IHttpRequestOptions[];
}

const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, verbose: () => {} };

/** The slice of n8n's ILoadOptionsFunctions that list searches use, with HTTP through n8n's own code. */
export function loadOptionsContext(options: LoadOptionsOptions = {}): ILoadOptionsFunctions {
	const node = testNode('n8n-nodes-aurora-solar.auroraSolar');
	const credentials = options.credentials ?? testCredentials();
	const parameters = options.currentParameters ?? {};
	const read = (name: string, extractValue?: boolean): unknown => {
		const value = parameters[name];
		if (extractValue && value !== null && typeof value === 'object' && 'value' in (value as IDataObject)) {
			return (value as IDataObject).value;
		}
		return value;
	};
	const context = {
		getNode: () => node,
		getCredentials: async () => credentials,
		getCurrentNodeParameter: (name: string, parameterOptions?: { extractValue?: boolean }) => read(name, parameterOptions?.extractValue),
		getCurrentNodeParameters: () => parameters,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		logger: silentLogger,
		helpers: { httpRequestWithAuthentication: makeHttpRequestWithAuthentication(node, credentials, options.requests) },
	};
	return context as unknown as ILoadOptionsFunctions;
}
