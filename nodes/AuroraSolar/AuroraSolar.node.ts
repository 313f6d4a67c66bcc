import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import {
	searchAgreements,
	searchDesignRequests,
	searchDesigns,
	searchLeads,
	searchProjects,
	searchUsers,
	searchWebhooks,
} from './actions/list-search/searches';
import { actionProperties, route } from './actions/router';
import { asNodeError } from './transport/errors';

// The description's first fields have the same shape as the trigger's: n8n asks every node for them.
export class AuroraSolar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aurora Solar',
		name: 'auroraSolar',
		icon: { light: 'file:auroraSolar.svg', dark: 'file:auroraSolar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and change Aurora Solar leads, projects, consumption profiles, design requests, designs, web proposals, agreements, users and webhook subscriptions',
		defaults: { name: 'Aurora Solar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'auroraSolarApi', required: true }],
		properties: actionProperties,
	};

	methods = {
		listSearch: { searchAgreements, searchDesignRequests, searchDesigns, searchLeads, searchProjects, searchUsers, searchWebhooks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const result = await route.call(this, itemIndex);
				for (const json of Array.isArray(result) ? result : [result]) {
					returnData.push({ json, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					const failure: IDataObject = { error: (error as Error).message };
					if (error instanceof NodeApiError || error instanceof NodeOperationError) {
						if (error.description) failure.description = error.description;
						if (error instanceof NodeApiError && error.httpCode) failure.httpCode = error.httpCode;
						// A failure before any HTTP answer (a timeout, a refused connection) names its network code apart.
						if (error instanceof NodeApiError && typeof error.context.networkCode === 'string') failure.networkCode = error.context.networkCode;
					}
					returnData.push({ json: failure, pairedItem: { item: itemIndex } });
					continue;
				}
				throw asNodeError(this.getNode(), error, itemIndex);
			}
		}
		return [returnData];
	}
}
