import type { IDataObject } from 'n8n-workflow';

/**
 * Aurora wraps single objects in a singular key (`{"project": {...}}`) and lists in a plural key
 * (`{"projects": [...]}`), but its own Retrieve Lead example shows a bare object. We accept either.
 */
export function unwrapOne(body: unknown, key: string): IDataObject | undefined {
	if (!isObject(body)) return undefined;
	const wrapped = body[key];
	if (isObject(wrapped)) return wrapped;
	return body;
}

/** A list in its plural envelope, a bare array, or undefined when the body holds no list. */
export function unwrapMany(body: unknown, key: string): IDataObject[] | undefined {
	if (Array.isArray(body)) return body.filter(isObject);
	if (!isObject(body)) return undefined;
	const list = body[key] ?? body.data;
	if (Array.isArray(list)) return list.filter(isObject);
	return undefined;
}

/** Wraps a request body in Aurora's singular envelope unless the caller already did. */
export function wrapOne(body: IDataObject, key: string): IDataObject {
	if (Object.keys(body).length === 1 && isObject(body[key])) return body;
	return { [key]: body };
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
