import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AuroraResource } from './common/operation';
import { agreementResource } from './agreement/agreement.resource';
import { consumptionProfileResource } from './consumption-profile/consumption-profile.resource';
import { designResource } from './design/design.resource';
import { designRequestResource } from './design-request/design-request.resource';
import { leadResource } from './lead/lead.resource';
import { projectResource } from './project/project.resource';
import { tenantResource } from './tenant/tenant.resource';
import { userResource } from './user/user.resource';
import { webProposalResource } from './web-proposal/web-proposal.resource';
import { webhookResource } from './webhook/webhook.resource';

/**
 * Every resource of the action node, in the order their parameters appear. Resources added later go at
 * the end, so that the parameters saved workflows already have keep their place in the description.
 */
const RESOURCES: readonly AuroraResource[] = [
	leadResource,
	projectResource,
	designResource,
	webhookResource,
	consumptionProfileResource,
	designRequestResource,
	agreementResource,
	webProposalResource,
	userResource,
	tenantResource,
];

/** The Resource parameter (options sorted by name) and then every resource's parameters. */
export const actionProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [...RESOURCES]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(({ name, value, description }) => ({ name, value, ...(description !== undefined ? { description } : {}) })),
		default: 'lead',
	},
	...RESOURCES.flatMap((resource) => resource.properties),
];

/** Runs the chosen operation for one input item. */
export async function route(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]> {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	const operation = this.getNodeParameter('operation', itemIndex) as string;
	const handler = RESOURCES.find((candidate) => candidate.value === resource)?.operations.get(operation);
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`, {
			itemIndex,
		});
	}
	return await handler.execute.call(this, itemIndex);
}
