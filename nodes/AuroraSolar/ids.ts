import { z } from 'zod';

/**
 * Aurora ids are UUIDs. The same shape is checked in the editor (By ID mode) and at run time, after
 * expressions and $fromAI have produced the value, so that nothing else can end up in a request path.
 * Deliberately not strict about the version and variant digits: Aurora does not promise v4.
 */
export const AURORA_ID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const AURORA_ID_EXAMPLE = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** The whole value is one Aurora id: for zod's `.regex()` wherever an id enters the package. */
export const AURORA_ID = new RegExp(`^${AURORA_ID_PATTERN}$`);

const auroraId = z.string().regex(AURORA_ID);

export function isAuroraId(value: string): boolean {
	return auroraId.safeParse(value).success;
}
