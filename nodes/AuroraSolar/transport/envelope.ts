import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/** Reading Aurora's answers: its envelopes around objects and lists, and the text of its error bodies. */

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
const MAX_AURORA_MESSAGE = 500;

/**
 * Pulls a readable message out of whatever error body Aurora (or a proxy) sent. `secrets` are
 * blanked out before the text is shortened, so no part of one survives at the cut.
 */
export function extractAuroraMessage(body: unknown, secrets: string[] = []): string | undefined {
	let message: string | undefined;
	if (typeof body === 'string') {
		message = body.trim();
	} else if (isObject(body)) {
		const candidate = body.error ?? body.message ?? body.errors ?? body.detail;
		if (typeof candidate === 'string') message = candidate;
		else if (Array.isArray(candidate)) {
			message = candidate
				.map((entry) => {
					if (typeof entry === 'string') return entry;
					if (isObject(entry)) return String(entry.detail ?? entry.message ?? entry.title ?? JSON.stringify(entry));
					return String(entry);
				})
				.join('; ');
		} else if (isObject(candidate)) {
			message = String(candidate.message ?? candidate.detail ?? JSON.stringify(candidate));
		} else if (Object.keys(body).length > 0) {
			message = JSON.stringify(body);
		}
	}
	if (!message) return undefined;
	for (const secret of secrets) if (secret.length >= 6) message = message.split(secret).join('[redacted]');
	return message.length > MAX_AURORA_MESSAGE ? `${message.slice(0, MAX_AURORA_MESSAGE)}…` : message;
}

