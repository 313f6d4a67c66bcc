import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ListPlace } from '../../transport/paginate';
import { auroraPaginate } from '../../transport/paginate';
import { BUDGETS } from '../../transport/retry';
import { auroraRequestOne } from '../../transport/request';
import type { AuroraOperation } from './operation';
import { getManyProperties, readId, readLimit, simplifyIfAsked } from './parameters';

/** An operation's entry in the Operation list. */
export type OperationOption = Pick<AuroraOperation, 'name' | 'value' | 'action' | 'description'>;

/** Turns what Aurora sent into the operation's output, e.g. simplified or with secrets masked. */
type Output = (this: IExecuteFunctions, itemIndex: number, value: IDataObject[] | IDataObject) => IDataObject | IDataObject[];

/** Output through one of simplify.ts's shapes when the Simplify parameter is on. */
export function simplifiedBy(simplify: (object: IDataObject) => IDataObject): Output {
	return function (this: IExecuteFunctions, itemIndex: number, value: IDataObject[] | IDataObject) {
		return simplifyIfAsked.call(this, itemIndex, value, simplify);
	};
}

/** Output with `shape` applied to the object, or to each object of a list. */
export function shapedBy(shape: (object: IDataObject) => IDataObject): Output {
	return (_itemIndex, value) => (Array.isArray(value) ? value.map(shape) : shape(value));
}

/** An operation that reads one object, `GET <path(id)>`, by the id its resource locator holds. */
export function getOneOperation(
	option: OperationOption,
	spec: {
		locator: INodeProperties;
		properties: INodeProperties[];
		path: (id: string) => string;
		subject: (id: string) => string;
		/** The envelope key of the answer. */
		key: string;
		scrub?: (text: string) => string;
		output?: Output;
	},
): AuroraOperation {
	return {
		...option,
		properties: spec.properties,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const id = readId.call(this, spec.locator, itemIndex);
			const object = await auroraRequestOne.call(
				this,
				{ method: 'GET', path: spec.path(id), subject: spec.subject(id), itemIndex, ...(spec.scrub ? { scrub: spec.scrub } : {}) },
				spec.key,
			);
			return spec.output ? spec.output.call(this, itemIndex, object) : object;
		},
	};
}

/** An operation that lists objects with Return All / Limit (see transport/paginate.ts). */
export function getManyOperation(
	option: OperationOption,
	spec: {
		/** Parameters shown before Return All and Limit. */
		before?: INodeProperties[];
		/** Parameters shown after them. */
		after?: INodeProperties[];
		/**
		 * The list's path (and the name of its owner, for a 404), for this item; or, where Aurora does not
		 * document where the list is, the places to try in order (see transport/paginate.ts firstPlace).
		 */
		list: (this: IExecuteFunctions, itemIndex: number) => ListPlace | ListPlace[];
		/** The plural envelope key of the answer. */
		key: string;
		scrub?: (text: string) => string;
		output: Output;
	},
): AuroraOperation {
	return {
		...option,
		properties: [...(spec.before ?? []), ...getManyProperties, ...(spec.after ?? [])],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const [place, ...elsewhere] = [spec.list.call(this, itemIndex)].flat();
			const objects = await auroraPaginate.call(
				this,
				{ ...place, key: spec.key, limit: readLimit.call(this, itemIndex), itemIndex, ...(spec.scrub ? { scrub: spec.scrub } : {}) },
				BUDGETS.action,
				elsewhere,
			);
			return spec.output.call(this, itemIndex, objects);
		},
	};
}
