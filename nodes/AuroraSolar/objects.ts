/**
 * THE catalogue of Aurora objects that can be read by one id: where each lives, how its answer is
 * wrapped, and what it is called. The trigger's retrieval (events.ts) and the action node's Get
 * operations both read these entries, so an event about an agreement hands the user the same object
 * that Agreement → Get returns, from the same request.
 *
 * `idAttribute` is the attribute a webhook delivery carries the id in (`<DESIGN_ID>` → `design_id`).
 * Some objects hang off another one and are read by its id: a design's web proposal, a project's
 * consumption profile.
 */
export type AuroraObjectKey =
	| 'lead'
	| 'project'
	| 'design'
	| 'agreement'
	| 'design_request'
	| 'web_proposal'
	| 'consumption_profile';

export interface AuroraObjectFetch {
	/** Output key of the object, and the singular envelope key of Aurora's answer. */
	key: AuroraObjectKey;
	/** Attribute (lower-case token) that carries the id the object is read by. */
	idAttribute: string;
	/** Path below /tenants/{tenant_id}. */
	path: (id: string) => string;
	/** Singular envelope key of the response. */
	envelope: string;
	/** Human name used in messages, e.g. "Design request". */
	label: string;
}

/** An object at `/<key>s/{id}`, wrapped as `{"<key>": …}`, its id in `<key>_id`. */
function ownObject(key: AuroraObjectKey, label: string): AuroraObjectFetch {
	return { key, idAttribute: `${key}_id`, path: (id) => `/${key}s/${encodeURIComponent(id)}`, envelope: key, label };
}

/** An object that belongs to another one (one per owner), at `/<owner>s/{owner id}/<key>`. */
function ownedObject(key: AuroraObjectKey, label: string, owner: 'project' | 'design'): AuroraObjectFetch {
	return {
		key,
		idAttribute: `${owner}_id`,
		path: (id) => `/${owner}s/${encodeURIComponent(id)}/${key}`,
		envelope: key,
		label,
	};
}

export const AURORA_OBJECTS = {
	lead: ownObject('lead', 'Lead'),
	project: ownObject('project', 'Project'),
	design: ownObject('design', 'Design'),
	agreement: ownObject('agreement', 'Agreement'),
	designRequest: ownObject('design_request', 'Design request'),
	/** [D] https://docs.aurorasolar.com/reference/proposals (one web proposal per design). */
	webProposal: ownedObject('web_proposal', 'Web proposal', 'design'),
	/** [D] https://docs.aurorasolar.com/reference/consumption-profiles (one per project; a 404 until it is filled out). */
	consumptionProfile: ownedObject('consumption_profile', 'Consumption profile', 'project'),
} as const satisfies Record<string, AuroraObjectFetch>;

/** How a message names one object, e.g. `Design request "3fa8…"` or `Web proposal of design "3fa8…"`. */
export function objectSubject(object: AuroraObjectFetch, id: string): string {
	if (object.idAttribute === `${object.key}_id`) return `${object.label} "${id}"`;
	return `${object.label} of ${object.idAttribute.replace(/_id$/, '')} "${id}"`;
}

/**
 * Agreement statuses as Aurora's events page lists them for `agreement_status_changed` ([D]
 * https://docs.aurorasolar.com/reference/events). Aurora may add values (its versioning page says
 * listeners should handle unfamiliar enum values), so these only feed a filter, never a check.
 */
export const AGREEMENT_STATUSES = ['sent', 'viewed', 'signed', 'cancel-pending', 'canceled', 'declined', 'error'] as const;
