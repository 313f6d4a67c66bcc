import type { IDataObject } from 'n8n-workflow';

import { SECRET_QUERY_PARAMETER } from '../../delivery-secret';

/**
 * A subscription carries its delivery secret twice: as `header_auth_value` and as the
 * `aurora_secret` query parameter of `url_template` (where the trigger puts it). Anyone who has it
 * can send the trigger forged events, so no output item and no error message may show it.
 */
export const SECRET_MASK = '[hidden]';

// `;` also ends a parameter, so an HTML-escaped `&amp;aurora_secret=` is caught as well.
const SECRET_IN_URL = new RegExp(`([?&;]${SECRET_QUERY_PARAMETER}=)([^&#;\\s"]*)`, 'gi');
const SECRET_IN_JSON = /("header_auth_value"\s*:\s*")((?:[^"\\]|\\.)*)/gi;

function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** The subscription as the node outputs it: secrets replaced by a fixed mask, keys and the rest kept. */
export function maskSubscription(webhook: IDataObject): IDataObject {
	const masked: IDataObject = { ...webhook };
	if (hasValue(masked.header_auth_value)) masked.header_auth_value = SECRET_MASK;
	if (typeof masked.url_template === 'string') masked.url_template = maskSecretsInText(masked.url_template);
	return masked;
}

/** Masks secrets in free text, such as an error body that quotes a subscription this request did not send. */
export function maskSecretsInText(text: string): string {
	return text.replace(SECRET_IN_URL, `$1${SECRET_MASK}`).replace(SECRET_IN_JSON, `$1${SECRET_MASK}`);
}

function decoded(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** The secrets a subscription body carries, as sent and URL-decoded, so error messages never repeat them. */
export function secretsIn(webhook: IDataObject): string[] {
	const secrets: string[] = [];
	if (typeof webhook.header_auth_value === 'string' && webhook.header_auth_value !== '') secrets.push(webhook.header_auth_value);
	if (typeof webhook.url_template === 'string') {
		for (const match of webhook.url_template.matchAll(SECRET_IN_URL)) if (match[2] !== '') secrets.push(match[2], decoded(match[2]));
	}
	return [...new Set(secrets)];
}
