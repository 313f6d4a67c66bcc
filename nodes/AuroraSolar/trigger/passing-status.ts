/**
 * Aurora answers that pass with time: 408, 429, 5xx, and 409, which Aurora documents as "wait a
 * moment then try again". Anything else needs a person (a token, a permission, a template).
 */
export function isPassingStatus(status: number): boolean {
	return status === 408 || status === 409 || status === 429 || status >= 500;
}
