import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { AURORA_ID_EXAMPLE, isAuroraId } from '../../ids';

/** Return All / Limit with the exact wording n8n's lint rules and UX guidelines expect. */
export const getManyProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** The limit to pass to the paginator: undefined means everything. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	return this.getNodeParameter('limit', itemIndex, 50) as number;
}

const SHOWN_ID_LENGTH = 60;

/**
 * The id a resource locator holds for this item, checked after expressions and $fromAI have run:
 * an empty or malformed value would otherwise change the request path (`..` reaches the tenant, an
 * empty id the whole list), so it fails here and nothing is sent.
 */
export function readId(this: IExecuteFunctions, locator: INodeProperties, itemIndex: number): string {
	const value: unknown = this.getNodeParameter(locator.name, itemIndex, '', { extractValue: true });
	const id = String(value ?? '').trim();
	if (isAuroraId(id)) return id;
	const label = `${locator.displayName} ID`;
	const shown = id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}…` : id;
	throw new NodeOperationError(
		this.getNode(),
		id === '' ? `The ${label} is empty` : `The ${label} ${JSON.stringify(shown)} is not an Aurora ID`,
		{
			description: `Aurora IDs are UUIDs such as ${AURORA_ID_EXAMPLE}. Pick the ${locator.displayName.toLowerCase()} From List, or correct the ID or the expression that gives it. Nothing was sent to Aurora.`,
			itemIndex,
		},
	);
}

/** A collection of optional fields (Additional Fields, Update Fields, …), each named as Aurora names it. */
export function fieldCollection(options: { displayName: string; name: string; description?: string; options: INodeProperties[] }): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		...(options.description !== undefined ? { description: options.description } : {}),
		options: options.options,
	};
}

/** A Get Many's Filters collection; each filter narrows the list. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/** The Update Fields of an update operation, without blanks; at least one, or the item fails and nothing is sent. */
export function readUpdateFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			description: 'Add at least one field under Update Fields.',
			itemIndex,
		});
	}
	return fields;
}

/** What Aurora sent, or its flat shape (see simplify.ts) when the Simplify parameter is on. */
export function simplifyIfAsked<T extends IDataObject | IDataObject[]>(
	this: IExecuteFunctions,
	itemIndex: number,
	value: T,
	simplify: (object: IDataObject) => IDataObject,
): IDataObject | IDataObject[] {
	if (!this.getNodeParameter('simplify', itemIndex, true)) return value;
	return Array.isArray(value) ? value.map(simplify) : simplify(value as IDataObject);
}

/** Collections hand back empty strings for fields a user added but left blank; Aurora should not get them. */
export function compact(fields: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		result[key] = value;
	}
	return result;
}
