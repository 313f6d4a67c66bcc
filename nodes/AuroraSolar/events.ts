/**
 * THE catalogue of Aurora webhook events. The trigger's options, the subscription URL templates,
 * delivery validation, the README table and the tests are all generated from this one table.
 *
 * `tokens` are Aurora's URL placeholders; each becomes a query parameter named in lower case
 * (`<LEAD_ID>` → `lead_id=<LEAD_ID>`), and the delivered value appears under that name in the output.
 * `fetch` says which object "Retrieve Details" loads, from which attribute, and under which key it
 * lands in the output item. `source` records where the event is known from: Aurora's docs, or only
 * from integrations in the wild (token names there are best evidence, not documented). `catchUp` says
 * how the trigger finds the event's objects by listing, when Aurora did not deliver them.
 */
import type { AuroraObjectFetch } from './objects';
import { AURORA_OBJECTS } from './objects';

export type { AuroraObjectFetch, AuroraObjectKey } from './objects';

/** A list of Aurora objects the catch-up sweep reads, one page of up to 250 objects per request. */
export interface CatchUpList {
	/** The list's name, its path below /tenants/{tenant_id} and its plural envelope key, e.g. `leads`. */
	key: 'leads' | 'projects';
	/** What a change is, for events that find changed objects: the part of the object they compare. */
	content: (object: Record<string, unknown>) => unknown;
	/** In words, for the README. */
	contentLabel: string;
}

export interface AuroraCatchUp {
	list: CatchUpList;
	/** `new`: an object the trigger has never passed on or seen; `changed`: one whose content changed since then. */
	finds: 'new' | 'changed';
}

export interface AuroraEvent {
	event: string;
	name: string;
	description: string;
	tokens: readonly string[];
	fetch: AuroraObjectFetch;
	source: 'documented' | 'observed';
	/** Absent for events whose objects can only be listed per project or design: those are not caught up. */
	catchUp?: AuroraCatchUp;
	/**
	 * Objects retrieved as well, by an id the delivery carries, and added under their own key: the object the
	 * event is really about, where `fetch` keeps the object earlier versions retrieved (output shapes are public).
	 */
	also?: readonly AuroraObjectFetch[];
}

const { lead, project, design, agreement, designRequest, webProposal, consumptionProfile } = AURORA_OBJECTS;

const leads: CatchUpList = { key: 'leads', content: (object) => object, contentLabel: 'any field of the lead' };
const projects: CatchUpList = { key: 'projects', content: (object) => object.status ?? null, contentLabel: "the project's `status`" };

export const AURORA_EVENTS: readonly AuroraEvent[] = [
	{ event: 'lead_created', name: 'Lead Created', description: 'A homeowner submitted Lead Capture AI and Aurora created a lead', tokens: ['LEAD_ID'], fetch: lead, source: 'documented', catchUp: { list: leads, finds: 'new' } },
	{ event: 'lead_changed', name: 'Lead Changed', description: 'A lead was edited in Aurora', tokens: ['LEAD_ID'], fetch: lead, source: 'documented', catchUp: { list: leads, finds: 'changed' } },
	{ event: 'lead_converted', name: 'Lead Converted', description: 'A lead was converted into a project (the project is retrieved)', tokens: ['LEAD_ID', 'PROJECT_ID'], fetch: project, source: 'documented' },
	{ event: 'project_created', name: 'Project Created', description: 'A project was created in the app or through the API', tokens: ['PROJECT_ID', 'SOURCE'], fetch: project, source: 'documented', catchUp: { list: projects, finds: 'new' } },
	{ event: 'project_status_changed', name: 'Project Status Changed', description: "A project's status changed (for example to sold)", tokens: ['PROJECT_ID', 'STATUS'], fetch: project, source: 'documented', catchUp: { list: projects, finds: 'changed' } },
	{ event: 'project_changed', name: 'Project Changed', description: 'A project was edited', tokens: ['PROJECT_ID', 'SOURCE'], fetch: project, source: 'observed' },
	{ event: 'consumption_profile_changed', name: 'Consumption Profile Changed', description: "A project's consumption profile changed (the project is retrieved)", tokens: ['PROJECT_ID'], fetch: project, source: 'documented', also: [consumptionProfile] },
	{ event: 'agreement_status_changed', name: 'Agreement Status Changed', description: 'An agreement was sent, viewed, signed, declined or canceled', tokens: ['PROJECT_ID', 'AGREEMENT_ID', 'STATUS', 'DESIGN_ID', 'FINANCING_ID'], fetch: agreement, source: 'documented' },
	{ event: 'ahj_lookup_completed', name: 'AHJ Lookup Completed', description: 'The authority-having-jurisdiction lookup for a project finished', tokens: ['PROJECT_ID', 'AHJ_ID', 'STATUS'], fetch: project, source: 'documented' },
	{ event: 'design_created', name: 'Design Created', description: 'A design was created in a project', tokens: ['PROJECT_ID', 'DESIGN_ID', 'SOURCE'], fetch: design, source: 'observed' },
	{ event: 'asset_created', name: 'Asset Created', description: 'A design asset (DXF, layout, screenshot, racking document…) was created', tokens: ['DESIGN_ID', 'ASSET_ID', 'ASSET_TYPE'], fetch: design, source: 'documented' },
	{ event: 'auto_designer_job_completed', name: 'AutoDesigner Job Completed', description: 'An AutoDesigner job finished', tokens: ['DESIGN_ID', 'JOB_ID', 'STATUS'], fetch: design, source: 'documented' },
	{ event: 'performance_simulation_job_completed', name: 'Performance Simulation Job Completed', description: "A design's performance simulation finished (a good signal that a design is complete)", tokens: ['DESIGN_ID', 'JOB_ID', 'STATUS'], fetch: design, source: 'documented' },
	{ event: 'proposal_pdf_generation_job_completed', name: 'Proposal PDF Generation Job Completed', description: 'A proposal PDF was generated', tokens: ['DESIGN_ID', 'JOB_ID', 'STATUS'], fetch: design, source: 'observed' },
	{ event: 'web_proposal_url_created', name: 'Web Proposal URL Created', description: 'A web proposal link was created for a design', tokens: ['DESIGN_ID', 'SOURCE'], fetch: design, source: 'observed', also: [webProposal] },
	{ event: 'financier_contract_status_changed', name: 'Financier Contract Status Changed', description: "A financier's contract status changed", tokens: ['FINANCING_ID', 'EXTERNAL_PROVIDER_STATUS', 'DESIGN_ID'], fetch: design, source: 'observed' },
	{ event: 'design_request_created', name: 'Design Request Created', description: 'A design request was created', tokens: ['DESIGN_REQUEST_ID', 'SOURCE'], fetch: designRequest, source: 'observed' },
	{ event: 'design_request_completed', name: 'Design Request Completed', description: 'A design request was completed', tokens: ['DESIGN_REQUEST_ID', 'STATUS'], fetch: designRequest, source: 'observed' },
	{ event: 'design_request_rejected', name: 'Design Request Rejected', description: 'A design request was rejected', tokens: ['DESIGN_REQUEST_ID', 'STATUS'], fetch: designRequest, source: 'observed' },
	{ event: 'imagery_lidar_completed', name: 'Imagery LIDAR Completed', description: 'LIDAR imagery processing for a project finished', tokens: ['PROJECT_ID', 'STATUS'], fetch: project, source: 'observed' },
];

/** The events the catch-up and polling can find: those whose objects Aurora lists. Decided here, once. */
export const LISTABLE_EVENTS: readonly AuroraEvent[] = AURORA_EVENTS.filter((definition) => definition.catchUp !== undefined);

const BY_NAME = new Map(AURORA_EVENTS.map((definition) => [definition.event, definition]));

export function findEvent(event: string): AuroraEvent | undefined {
	return BY_NAME.get(event);
}

/** The query parameter of a delivery URL that names its event: it is static in each subscription's url_template. */
export const EVENT_QUERY_PARAMETER = 'aurora_event';

/** `<LEAD_ID>` → `lead_id`: the query parameter and output attribute that carries a token's value. */
export function attributeName(token: string): string {
	return token.toLowerCase();
}

/** The event options of the trigger and of Webhook → Create, sorted by name as n8n's UI expects. */
export function eventOptions(): Array<{ name: string; value: string; description: string }> {
	return [...AURORA_EVENTS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((definition) => ({ name: definition.name, value: definition.event, description: definition.description }));
}
