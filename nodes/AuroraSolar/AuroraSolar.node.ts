import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { searchDesigns, searchLeads, searchProjects, searchWebhooks } from './listSearch/searches';
import { designOperations, designProperties } from './resources/design';
import { leadOperations, leadProperties } from './resources/lead';
import { projectOperations, projectProperties } from './resources/project';
import { webhookOperations, webhookProperties } from './resources/webhook';
import type { AuroraOperation } from './shared/operation';
import { asNodeError } from './transport/node-error';

const operations: Record<string, Record<string, AuroraOperation>> = {
	design: designOperations,
	lead: leadOperations,
	project: projectOperations,
	webhook: webhookOperations,
};

export class AuroraSolar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aurora Solar',
		name: 'auroraSolar',
		icon: { light: 'file:auroraSolar.svg', dark: 'file:auroraSolar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read leads, projects, designs and webhook subscriptions from Aurora Solar',
		defaults: { name: 'Aurora Solar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'auroraSolarApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Design', value: 'design' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Project', value: 'project' },
					{ name: 'Webhook', value: 'webhook', description: "Aurora's webhook subscriptions" },
				],
				default: 'lead',
			},
			...leadProperties,
			...projectProperties,
			...designProperties,
			...webhookProperties,
		],
	};

	methods = {
		listSearch: { searchDesigns, searchLeads, searchProjects, searchWebhooks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const handler = operations[resource]?.[operation];
				if (!handler) {
					throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`, {
						itemIndex,
					});
				}
				const result = await handler.execute.call(this, itemIndex);
				for (const json of Array.isArray(result) ? result : [result]) {
					returnData.push({ json, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					const failure: IDataObject = { error: (error as Error).message };
					if (error instanceof NodeApiError || error instanceof NodeOperationError) {
						if (error.description) failure.description = error.description;
						if (error instanceof NodeApiError && error.httpCode) failure.httpCode = error.httpCode;
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
