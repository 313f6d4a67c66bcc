/**
 * page/per_page paging shared by every list endpoint. Aurora does not document list paging;
 * these parameters come from the machine-generated OpenAPI ([AE]) and are a guess.
 */
import { firstValue, HttpError } from './http';
import type { FakeAuroraConfig } from './types';

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw new HttpError(422, `${name} must be a positive integer`);
	}
	return Number(raw);
}

export function paginate<T>(
	items: readonly T[],
	query: Record<string, string | string[]>,
	config: Pick<FakeAuroraConfig, 'defaultPerPage' | 'maxPerPage' | 'ignorePaging'>,
): T[] {
	if (config.ignorePaging) {
		// Simulates a server that silently drops paging params: clients that page by
		// "until a short page" would loop forever here, which is exactly what tests want to catch.
		return items.slice(0, Math.min(config.defaultPerPage, config.maxPerPage));
	}
	const page = positiveInt('page', firstValue(query.page), 1);
	const perPage = Math.min(positiveInt('per_page', firstValue(query.per_page), config.defaultPerPage), config.maxPerPage);
	const start = (page - 1) * perPage;
	return items.slice(start, start + perPage);
}
