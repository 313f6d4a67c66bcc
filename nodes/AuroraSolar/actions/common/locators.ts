import type { INodeProperties } from 'n8n-workflow';

import { AURORA_ID_PATTERN } from '../../ids';

/**
 * An ID parameter as a resource locator: "From List" (searchable) by default, or "By ID".
 * Aurora ids are UUIDs; the By ID mode checks that shape so a typo shows in the editor (readId checks
 * it again at run time, where expressions have been resolved).
 */
export function idLocator(options: {
	name: string;
	displayName: string;
	searchMethod: string;
	placeholderName: string;
	required?: boolean;
	description?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.placeholderName}...`,
				typeOptions: { searchListMethod: options.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `^\\s*${AURORA_ID_PATTERN}\\s*$`,
							errorMessage: 'Not a valid Aurora ID (a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6)',
						},
					},
				],
			},
		],
	};
}
