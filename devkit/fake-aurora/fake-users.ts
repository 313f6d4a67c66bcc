/**
 * The users every tenant starts with (and gets back after a reset). Ids are derived from the
 * tenant id, so they are the same in every run and every process: a test, the demo and a fake
 * started by the CLI can all name the same user or partner without asking first.
 */
import { createHash } from 'node:crypto';
import type { AuroraUser } from './types';

/** A UUID-shaped id that depends only on its inputs. */
export function stableId(...parts: string[]): string {
	const hex = createHash('sha1').update(parts.join(':')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Partner organisations (e.g. a sales dealer) the seeded users belong to; `partner` 1 or 2. */
export function seededPartnerId(tenantId: string, partner: 1 | 2): string {
	return stableId(tenantId, 'partner', String(partner));
}

const SEED = [
	{ first: 'Dana', last: 'Whitfield', role: 'admin', team: 'operations', partners: [] as Array<1 | 2> },
	{ first: 'Marco', last: 'Reyes', role: 'sales', team: 'sales', partners: [1] as Array<1 | 2> },
	{ first: 'Lena', last: 'Okoro', role: 'designer', team: 'design', partners: [1, 2] as Array<1 | 2> },
];

/** Three users: an admin without partners, a sales rep in partner 1 and a designer in partners 1 and 2. */
export function seededUsers(tenantId: string): AuroraUser[] {
	return SEED.map((u, i) => ({
		id: stableId(tenantId, 'user', String(i + 1)),
		first_name: u.first,
		last_name: u.last,
		email: `${u.first}.${u.last}@example.com`.toLowerCase(),
		account_status: 'active',
		phone: `(415) 555-01${String(50 + i)}`,
		role_id: stableId(tenantId, 'role', u.role),
		team_ids: [stableId(tenantId, 'team', u.team)],
		partner_ids: u.partners.map((p) => seededPartnerId(tenantId, p)),
	}));
}
