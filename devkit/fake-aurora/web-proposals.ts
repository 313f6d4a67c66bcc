/**
 * A design's web proposal link (Aurora's e-proposal). Aurora documents retrieving it and
 * generating a new URL; the 30-day lifetime and the url_expired rule are invented.
 */
import { randomBytes } from 'node:crypto';
import type { WebProposal, WebProposalLink } from './types';

/** Invented lifetime of a generated link. */
export const WEB_PROPOSAL_TTL_MS = 30 * 24 * 3_600_000;

export function newWebProposalLink(now: string): WebProposalLink {
	return {
		url: `https://v2.aurorasolar.com/e-proposal/${randomBytes(12).toString('base64url')}`,
		expires_at: new Date(Date.parse(now) + WEB_PROPOSAL_TTL_MS).toISOString(),
		expired: false,
	};
}

/** What the API answers; a design whose link was never generated has url null and is not "expired". */
export function webProposalView(designId: string, link: WebProposalLink | undefined, now: string): WebProposal {
	if (!link) return { design_id: designId, url: null, url_expired: false, expires_at: null };
	return { design_id: designId, url: link.url, url_expired: link.expired || Date.parse(link.expires_at) <= Date.parse(now), expires_at: link.expires_at };
}
