import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { failureError } from '../../transport/errors';
import type { AuroraFailure } from '../../transport/failure';
import { endpointMissing } from '../../transport/failure';
import type { PaginateRequest } from '../../transport/paginate';
import { auroraList } from '../../transport/paginate';
import type { AuroraOperation } from './operation';
import type { OperationOption } from './read-operations';
import { getManyProperties, readLimit } from './parameters';

/** One place a list may be read from, e.g. `/projects/{id}/agreements` or `/agreements?project_id=…`. */
export interface ListPlace {
	path: string;
	qs?: IDataObject;
	/** Names the list's owner in a 404, e.g. `Project "3fa8…"`. */
	subject?: string;
	/**
	 * Items to keep. A tenant-wide list asked for one project's items may ignore the filter (Aurora does
	 * not document it), so each item is checked again here; what it does not name passes.
	 */
	keep?: (item: IDataObject) => boolean;
}

/**
 * Reads a list Aurora does not document the place of: the first place that exists answers. A place
 * that does not exist for this key (404 or 405) moves on to the next; any other failure is the
 * answer. When no place exists, the first place's failure is reported, because it names the owner.
 */
export async function listFromFirstPlace(
	this: IExecuteFunctions,
	places: ListPlace[],
	request: Omit<PaginateRequest, 'path' | 'qs' | 'subject' | 'keep'>,
): Promise<IDataObject[]> {
	let first: AuroraFailure | undefined;
	for (const place of places) {
		const result = await auroraList.call(this, { ...request, ...place });
		if (result.ok) return result.value;
		if (!endpointMissing(result.failure)) throw failureError(this.getNode(), result.failure, request.itemIndex);
		first ??= result.failure;
	}
	if (!first) throw new Error('listFromFirstPlace needs at least one place');
	throw failureError(this.getNode(), first, request.itemIndex);
}

/** Only items whose `field` is absent or equals `value`. */
export function naming(field: string, value: string): (item: IDataObject) => boolean {
	return (item) => item[field] === undefined || item[field] === null || item[field] === value;
}

/** A Get Many over a list whose place is not documented: listFromFirstPlace with Return All / Limit. */
export function getManyFromPlaces(
	option: OperationOption,
	spec: {
		before?: INodeProperties[];
		after?: INodeProperties[];
		places: (this: IExecuteFunctions, itemIndex: number) => ListPlace[];
		key: string;
		output: (this: IExecuteFunctions, itemIndex: number, value: IDataObject[]) => IDataObject | IDataObject[];
	},
): AuroraOperation {
	return {
		...option,
		properties: [...(spec.before ?? []), ...getManyProperties, ...(spec.after ?? [])],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const places = spec.places.call(this, itemIndex);
			const objects = await listFromFirstPlace.call(this, places, { key: spec.key, limit: readLimit.call(this, itemIndex), itemIndex });
			return spec.output.call(this, itemIndex, objects);
		},
	};
}
