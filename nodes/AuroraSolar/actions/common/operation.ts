import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * One operation of a resource, complete: its entry in the Operation list (name, value, action,
 * description), its parameters (without display options: the resource adds them) and what it does
 * for one input item.
 */
export interface AuroraOperation {
	name: string;
	value: string;
	action: string;
	description: string;
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/** A resource built from its operations, listed once: the Resource option, its parameters, its handlers. */
export interface AuroraResource {
	name: string;
	value: string;
	description?: string;
	/** The Operation parameter followed by every operation's parameters. */
	properties: INodeProperties[];
	operations: ReadonlyMap<string, AuroraOperation>;
}

/** Shows parameters only for one operation of one resource, keeping any conditions they bring along. */
function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...(property.displayOptions ?? {}),
			show: { ...(property.displayOptions?.show ?? {}), resource: [resource], operation: [operation] },
		},
	}));
}

/**
 * `operations` in the order their parameters appear; the Operation list itself is sorted by name,
 * as n8n's UX guidelines ask.
 */
export function defineResource(resource: {
	name: string;
	value: string;
	description?: string;
	defaultOperation: string;
	operations: AuroraOperation[];
}): AuroraResource {
	const { name, value, description, defaultOperation, operations } = resource;
	const operationProperty: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options: [...operations]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((operation) => ({ name: operation.name, value: operation.value, action: operation.action, description: operation.description })),
		default: defaultOperation,
	};
	return {
		name,
		value,
		...(description !== undefined ? { description } : {}),
		properties: [operationProperty, ...operations.flatMap((operation) => forOperation(value, operation.value, operation.properties))],
		operations: new Map(operations.map((operation) => [operation.value, operation])),
	};
}
