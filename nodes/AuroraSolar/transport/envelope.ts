import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/**
 * Any JSON object (not an array, not null). No keys are declared and unknown keys are stripped, so
 * checking a body of any size reads none of its fields; callers keep the value they passed in.
 */
const anObject = z.object({});
/** A list whose entries that are not objects are dropped: Aurora's lists hold only objects. */
const objects = z.array(z.unknown()).transform((entries) => entries.filter(isObject));

/**
 * Aurora wraps single objects in a singular key (`{"project": {...}}`) and lists in a plural key
 * (`{"projects": [...]}`), but its own Retrieve Lead example shows a bare object. We accept either.
 */
export function unwrapOne(body: unknown, key: string): IDataObject | undefined {
	if (!isObject(body)) return undefined;
	const wrapped = body[key];
	return isObject(wrapped) ? wrapped : body;
}

/** A list in its plural envelope, a bare array, or undefined when the body holds no list. */
export function unwrapMany(body: unknown, key: string): IDataObject[] | undefined {
	const list = isObject(body) ? (body[key] ?? body.data) : body;
	const parsed = objects.safeParse(list);
	return parsed.success ? parsed.data : undefined;
}

export function isObject(value: unknown): value is IDataObject {
	return anObject.safeParse(value).success;
}
