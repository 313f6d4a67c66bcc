import type { IDataObject } from 'n8n-workflow';

/**
 * Only items whose `field` is absent or equals `value`: a tenant-wide list asked for one project's items
 * may ignore the filter (Aurora does not document it), so each item is checked again.
 */
export function naming(field: string, value: string): (item: IDataObject) => boolean {
	return (item) => item[field] === undefined || item[field] === null || item[field] === value;
}
