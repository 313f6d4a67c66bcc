/**
 * The fake Aurora's "sales loop" endpoints: consumption profiles, design requests, agreements,
 * web proposals, design assets and roof summaries, users. Same style as fake-aurora.test.ts:
 * the fake runs in this process and is called over HTTP.
 */
import { seededPartnerId } from '../../devkit/fake-aurora/fake-users';
import { DEFAULT_TENANT_ID, OTHER_TENANT_ID, OTHER_TENANT_TOKEN, RESTRICTED_TOKEN } from '../../devkit/fake-aurora/server';
import type { Agreement, AuroraUser, ConsumptionProfile, DesignAsset, Project, WebProposal } from '../../devkit/fake-aurora/types';
import type { ApiMethod, ApiResponse, CallOptions } from './support';
import { fakeApi, startReceiver, useFakeAurora } from './support';

jest.setTimeout(15_000);

interface ErrorBody {
	error: string;
}

/** The API answers a stored profile's named fields and, beside them, whatever else a PUT sent. */
interface ProfileBody {
	consumption_profile: Omit<ConsumptionProfile, 'extra'> & Record<string, unknown>;
}

interface DesignRequestView {
	id: string;
	project_id: string;
	status: string;
	notes: string | null;
	design_id: string | null;
	created_at: string;
	updated_at: string;
	[key: string]: unknown;
}

interface RoofView {
	id: string;
	pitch: number;
	azimuth: number;
	area: number;
	modules?: unknown[];
	panels?: unknown[];
}

const aurora = useFakeAurora();

const { call: callApi, subscribe } = fakeApi(() => aurora.fake.url);

/** The fake's API; answers are error bodies unless said. */
async function call<T = ErrorBody>(method: ApiMethod, urlPath: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
	return await callApi<T>(method, urlPath, options);
}

/** As the other tenant, with its own key. */
const asOther = { token: OTHER_TENANT_TOKEN, tenantId: OTHER_TENANT_ID };

function events(name: string): Array<Record<string, string>> {
	return aurora.fake.store.events.filter((e) => e.event === name).map((e) => e.attributes);
}

async function projectWithDesign(): Promise<{ project: Project; designId: string }> {
	const project = await aurora.admin.createProject();
	const design = await aurora.admin.createDesign(project.id);
	return { project, designId: design.id };
}

async function createDesignRequest(projectId: string, extra: Record<string, unknown> = {}): Promise<DesignRequestView> {
	const res = await call<{ design_request: DesignRequestView }>('POST', '/design_requests', { body: { design_request: { project_id: projectId, ...extra } } });
	expect(res.status).toBe(200);
	return res.json.design_request;
}

const TWELVE = [500, 480, 510, 530, 600, 700, 820, 800, 650, 540, 500, null];

describe('consumption profile', () => {
	it('answers 404 "not filled out" for a project without one, and a plain 404 for an unknown project', async () => {
		const project = await aurora.admin.createProject();
		const empty = await call('GET', `/projects/${project.id}/consumption_profile`);
		expect(empty.status).toBe(404);
		expect(empty.json).toEqual({ error: 'Consumption profile is not filled out' });
		const unknown = await call('GET', '/projects/no-such-project/consumption_profile');
		expect(unknown.status).toBe(404);
		expect(unknown.json).toEqual({ error: 'Not Found' });
		expect((await call('PUT', '/projects/no-such-project/consumption_profile', { body: { consumption_profile: { monthly_energy: TWELVE } } })).status).toBe(404);
	});

	it('creates the profile on PUT with monthly_energy, sums it and fires consumption_profile_changed', async () => {
		const project = await aurora.admin.createProject();
		const put = await call<ProfileBody>('PUT', `/projects/${project.id}/consumption_profile`, {
			body: { consumption_profile: { monthly_energy: TWELVE, utility_name: 'City Power', tariff_note: 'kept as given', annual_energy: 1 } },
		});
		expect(put.status).toBe(200);
		expect(put.json.consumption_profile).toEqual({
			project_id: project.id,
			monthly_energy: TWELVE,
			monthly_bill: null,
			annual_energy: 6630,
			utility_name: 'City Power',
			rate_name: null,
			tariff_note: 'kept as given',
			updated_at: expect.any(String),
		});
		const got = await call<ProfileBody>('GET', `/projects/${project.id}/consumption_profile`);
		expect(got.json).toEqual(put.json);
		expect(events('consumption_profile_changed')).toEqual([{ PROJECT_ID: project.id }]);
	});

	it('derives monthly_energy from monthly_bill and keeps earlier names on a later PUT', async () => {
		const project = await aurora.admin.createProject();
		const bills = [100, 90, 95, 100, 110, 130, 150, 150, 120, 100, 95, 100];
		await call('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: { monthly_bill: bills, rate_name: 'E-1' } } });
		const later = await call<ProfileBody>('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: { utility_name: 'PG&E' } } });
		expect(later.json.consumption_profile).toMatchObject({
			monthly_bill: bills,
			monthly_energy: bills.map((b) => b / 0.25),
			annual_energy: 5360,
			utility_name: 'PG&E',
			rate_name: 'E-1',
		});
		expect(events('consumption_profile_changed')).toHaveLength(2);
	});

	it('sums a year of hourly interval_data into calendar months (leap years too)', async () => {
		const project = await aurora.admin.createProject();
		const hourly = await call<ProfileBody>('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: { interval_data: new Array(8760).fill(1) } } });
		expect(hourly.status).toBe(200);
		expect(hourly.json.consumption_profile.monthly_energy.slice(0, 3)).toEqual([744, 672, 744]);
		expect(hourly.json.consumption_profile.annual_energy).toBe(8760);
		const leap = await call<ProfileBody>('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: { interval_data: new Array(35136).fill(0.25) } } });
		expect(leap.json.consumption_profile.monthly_energy[1]).toBe(696);
		expect(leap.json.consumption_profile).not.toHaveProperty('interval_data');
	});

	it('answers 422 to a wrong length, a non-number, more than one series, or nothing to fill a new profile with', async () => {
		const project = await aurora.admin.createProject();
		const put = (profile: unknown) => call('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: profile } });
		const cases: Array<[unknown, RegExp]> = [
			[{ monthly_energy: TWELVE.slice(1) }, /exactly 12 values, got 11/],
			[{ monthly_bill: [...TWELVE, 1] }, /exactly 12 values, got 13/],
			[{ monthly_energy: ['500', ...TWELVE.slice(1)] }, /numbers or null/],
			[{ monthly_energy: 500 }, /must be an array/],
			[{ interval_data: new Array(8000).fill(1) }, /8760, 8784, 17520, 17568, 35040, 35136/],
			[{ interval_data: [...new Array(8759).fill(1), null] }, /numbers only/],
			[{ monthly_energy: TWELVE, monthly_bill: TWELVE }, /only one of monthly_energy, monthly_bill, interval_data/],
			[{ monthly_bill: TWELVE, interval_data: new Array(8760).fill(1) }, /only one of/],
			[{ utility_name: 'no consumption yet' }, /needs one of/],
			[{ monthly_energy: TWELVE, utility_name: 42 }, /utility_name must be a string/],
		];
		for (const [profile, message] of cases) {
			const res = await put(profile);
			expect([res.status, res.json.error]).toEqual([422, expect.stringMatching(message)]);
		}
		expect((await call('PUT', `/projects/${project.id}/consumption_profile`, { body: { monthly_energy: TWELVE } })).status).toBe(422);
		expect(aurora.fake.store.tenant(DEFAULT_TENANT_ID)?.consumptionProfiles.size).toBe(0);
		expect(events('consumption_profile_changed')).toEqual([]);
	});

	it("answers 204 without a body when consumptionProfilePutAnswer is 'empty'", async () => {
		const project = await aurora.admin.createProject();
		await aurora.admin.configure({ consumptionProfilePutAnswer: 'empty' });
		const res = await call('PUT', `/projects/${project.id}/consumption_profile`, { body: { consumption_profile: { monthly_energy: TWELVE } } });
		expect([res.status, res.text]).toEqual([204, '']);
		expect((await call<ProfileBody>('GET', `/projects/${project.id}/consumption_profile`)).json.consumption_profile.monthly_energy).toEqual(TWELVE);
	});

	it('is there for converted leads and for admin projects that ask for one; another tenant gets 404', async () => {
		const lead = await aurora.admin.createLead();
		const converted = await call<{ project: Project }>('POST', `/leads/${lead.id}/convert`);
		const seeded = await call<ProfileBody>('GET', `/projects/${converted.json.project.id}/consumption_profile`);
		expect(seeded.status).toBe(200);
		expect(seeded.json.consumption_profile.monthly_bill).toHaveLength(12);
		expect(seeded.json.consumption_profile.utility_name).toEqual(expect.any(String));

		const withProfile = await aurora.admin.createProject({}, { consumptionProfile: true });
		expect((await call('GET', `/projects/${withProfile.id}/consumption_profile`)).status).toBe(200);
		expect((await call('GET', `/projects/${withProfile.id}/consumption_profile`, asOther)).status).toBe(404);
		expect((await call('PUT', `/projects/${withProfile.id}/consumption_profile`, { ...asOther, body: { consumption_profile: { monthly_energy: TWELVE } } })).status).toBe(404);
		expect((await call('PUT', `/projects/${withProfile.id}/consumption_profile`, { token: RESTRICTED_TOKEN, body: { consumption_profile: { monthly_energy: TWELVE } } })).status).toBe(403);
	});
});

describe('design requests', () => {
	it('creates a pending request, keeps other keys and fires design_request_created', async () => {
		const project = await aurora.admin.createProject();
		const created = await createDesignRequest(project.id, { notes: 'south roof only', instructions: 'no panels on the garage', priority: 'high', status: 'accepted' });
		expect(created).toEqual({
			id: expect.any(String),
			project_id: project.id,
			status: 'pending',
			notes: 'south roof only',
			instructions: 'no panels on the garage',
			priority: 'high',
			design_id: null,
			created_at: expect.any(String),
			updated_at: expect.any(String),
		});
		expect((await call<{ design_request: DesignRequestView }>('GET', `/design_requests/${created.id}`)).json.design_request).toEqual(created);
		expect(events('design_request_created')).toEqual([{ DESIGN_REQUEST_ID: created.id, SOURCE: 'api' }]);
	});

	it('answers 422 for a missing, unknown or foreign project_id and for non-string notes', async () => {
		const foreign = await aurora.admin.createProject({}, { tenantId: OTHER_TENANT_ID });
		for (const input of [{}, { project_id: 'nope' }, { project_id: foreign.id }, { project_id: 42 }]) {
			const res = await call('POST', '/design_requests', { body: { design_request: input } });
			expect([res.status, res.json.error]).toEqual([422, expect.stringContaining('project_id')]);
		}
		const project = await aurora.admin.createProject();
		expect((await call('POST', '/design_requests', { body: { design_request: { project_id: project.id, notes: 5 } } })).status).toBe(422);
		expect((await call('POST', '/design_requests', { body: { project_id: project.id } })).status).toBe(422);
		expect((await call('POST', '/design_requests', { token: RESTRICTED_TOKEN, body: { design_request: { project_id: project.id } } })).status).toBe(403);
		expect(events('design_request_created')).toEqual([]);
	});

	it('accepts only a completed request, which then gets a new design; a second accept is 422', async () => {
		const project = await aurora.admin.createProject();
		const request = await createDesignRequest(project.id);
		const early = await call('POST', `/design_requests/${request.id}/accept`);
		expect([early.status, early.json]).toEqual([422, { error: 'Design request is not completed' }]);

		const completed = await aurora.admin.completeDesignRequest(request.id);
		expect(completed).toMatchObject({ id: request.id, status: 'completed', design_id: null });
		expect(events('design_request_completed')).toEqual([{ DESIGN_REQUEST_ID: request.id, STATUS: 'completed' }]);
		await expect(aurora.admin.completeDesignRequest(request.id)).rejects.toMatchObject({ status: 409 });

		const accepted = await call<{ design_request: DesignRequestView }>('POST', `/design_requests/${request.id}/accept`);
		expect(accepted.status).toBe(200);
		const designId = accepted.json.design_request.design_id;
		expect(accepted.json.design_request).toMatchObject({ status: 'accepted', design_id: expect.any(String) });
		expect((await call<{ design: { project_id: string } }>('GET', `/designs/${designId}`)).json.design.project_id).toBe(project.id);
		expect((await call<{ designs: Array<{ id: string }> }>('GET', `/projects/${project.id}/designs`)).json.designs.map((d) => d.id)).toEqual([designId]);

		const again = await call('POST', `/design_requests/${request.id}/accept`);
		expect([again.status, again.json]).toEqual([422, { error: 'Design request is already accepted' }]);
	});

	it('rejects a pending request (design_request_rejected), which can then not be accepted', async () => {
		const project = await aurora.admin.createProject();
		const request = await createDesignRequest(project.id);
		expect(await aurora.admin.rejectDesignRequest(request.id)).toMatchObject({ status: 'rejected' });
		expect(events('design_request_rejected')).toEqual([{ DESIGN_REQUEST_ID: request.id, STATUS: 'rejected' }]);
		expect((await call('POST', `/design_requests/${request.id}/accept`)).json).toEqual({ error: 'Design request is not completed' });
		await expect(aurora.admin.rejectDesignRequest('nope')).rejects.toMatchObject({ status: 404 });
		expect(await aurora.admin.listDesignRequests({ projectId: project.id })).toEqual([expect.objectContaining({ id: request.id, tenant_id: DEFAULT_TENANT_ID })]);
	});

	it("hides another tenant's requests", async () => {
		const project = await aurora.admin.createProject();
		const request = await createDesignRequest(project.id);
		await aurora.admin.completeDesignRequest(request.id);
		expect((await call('GET', `/design_requests/${request.id}`, asOther)).status).toBe(404);
		expect((await call('POST', `/design_requests/${request.id}/accept`, asOther)).status).toBe(404);
		expect((await call('GET', `/projects/${project.id}/design_requests`, asOther)).status).toBe(404);
	});

	it('lists under the project by default, tenant-wide with ?project_id= when designRequestListAt is tenant', async () => {
		const a = await aurora.admin.createProject();
		const b = await aurora.admin.createProject();
		const ids = [await createDesignRequest(a.id), await createDesignRequest(a.id), await createDesignRequest(a.id)].map((r) => r.id);
		await createDesignRequest(b.id);
		type List = { design_requests: DesignRequestView[] };
		const listed = (path: string) => call<List>('GET', path).then((res) => res.json.design_requests.map((r) => r.id));

		expect(await listed(`/projects/${a.id}/design_requests`)).toEqual(ids);
		expect(await listed(`/projects/${a.id}/design_requests?page=2&per_page=2`)).toEqual([ids[2]]);
		expect((await call('GET', '/projects/nope/design_requests')).status).toBe(404);
		const unserved = await call('GET', `/design_requests?project_id=${a.id}`);
		expect([unserved.status, unserved.json]).toEqual([404, { error: 'Not Found' }]);

		await aurora.admin.configure({ designRequestListAt: 'tenant' });
		expect(await listed(`/design_requests?project_id=${a.id}`)).toEqual(ids);
		expect(await listed('/design_requests')).toHaveLength(4);
		expect(await listed('/design_requests?project_id=nope')).toEqual([]);
		expect((await call('GET', `/projects/${a.id}/design_requests`)).json).toEqual({ error: 'Not Found' });
		expect((await call('DELETE', '/design_requests')).status).toBe(405);
	});

	it('completes new requests on its own with autoCompleteDesignRequestsAfterMs, and the webhook fires', async () => {
		const rx = await startReceiver();
		try {
			await subscribe('design_request_completed', `${rx.base}/dr?id=<DESIGN_REQUEST_ID>&status=<STATUS>`);
			await aurora.admin.configure({ autoCompleteDesignRequestsAfterMs: 50 });
			const project = await aurora.admin.createProject();
			const request = await createDesignRequest(project.id);
			expect(request.status).toBe('pending');
			const rejected = await createDesignRequest(project.id);
			await aurora.admin.rejectDesignRequest(rejected.id);
			await aurora.admin.waitForDeliveries((d) => d.some((x) => x.event === 'design_request_completed'));
			expect(rx.received.map((delivery) => delivery.url)).toEqual([`/dr?id=${request.id}&status=completed`]);
			expect((await call<{ design_request: DesignRequestView }>('GET', `/design_requests/${request.id}`)).json.design_request.status).toBe('completed');
			expect((await call<{ design_request: DesignRequestView }>('GET', `/design_requests/${rejected.id}`)).json.design_request.status).toBe('rejected');
		} finally {
			await rx.close();
		}
	});

	it('forgets scheduled completions on reset', async () => {
		await aurora.admin.configure({ autoCompleteDesignRequestsAfterMs: 100 });
		const project = await aurora.admin.createProject();
		await createDesignRequest(project.id);
		await aurora.admin.reset();
		await new Promise((r) => setTimeout(r, 200));
		expect(aurora.fake.store.events).toEqual([]);
	});
});

describe('agreements', () => {
	it('serves an agreement created by the admin API and moves it through its statuses', async () => {
		const { project, designId } = await projectWithDesign();
		const created = await aurora.admin.createAgreement({ projectId: project.id, designId });
		const got = await call<{ agreement: Agreement }>('GET', `/agreements/${created.id}`);
		expect(got.status).toBe(200);
		expect(got.json.agreement).toEqual({
			id: created.id,
			project_id: project.id,
			design_id: designId,
			financing_id: null,
			status: 'sent',
			error_message: null,
			signed_at: null,
			document_url: expect.stringMatching(/^https:\/\//),
			created_at: expect.any(String),
			updated_at: expect.any(String),
		});
		expect(events('agreement_status_changed')).toEqual([]);

		const signed = await aurora.admin.setAgreementStatus(created.id, 'signed');
		expect(signed).toMatchObject({ status: 'signed', signed_at: expect.any(String), error_message: null });
		const failed = await aurora.admin.setAgreementStatus(created.id, 'error', { errorMessage: 'DocuSign outage' });
		expect(failed).toMatchObject({ status: 'error', signed_at: null, error_message: 'DocuSign outage' });
		expect((await call<{ agreement: Agreement }>('GET', `/agreements/${created.id}`)).json.agreement).toEqual(failed);
		expect(events('agreement_status_changed')).toEqual([
			{ PROJECT_ID: project.id, AGREEMENT_ID: created.id, STATUS: 'signed', DESIGN_ID: designId, FINANCING_ID: '' },
			{ PROJECT_ID: project.id, AGREEMENT_ID: created.id, STATUS: 'error', DESIGN_ID: designId, FINANCING_ID: '' },
		]);
	});

	it('delivers agreement_status_changed with every token, financing_id empty when there is none', async () => {
		const rx = await startReceiver();
		try {
			await subscribe('agreement_status_changed', `${rx.base}/a?p=<PROJECT_ID>&a=<AGREEMENT_ID>&s=<STATUS>&d=<DESIGN_ID>&f=<FINANCING_ID>`);
			const { project, designId } = await projectWithDesign();
			const plain = await aurora.admin.createAgreement({ projectId: project.id, designId, fire: true });
			const financed = await aurora.admin.createAgreement({ projectId: project.id, designId, financingId: 'fin-1', status: 'viewed' });
			await aurora.admin.setAgreementStatus(financed.id, 'cancel-pending');
			await aurora.fake.deliveries.idle();
			expect(rx.received.map((delivery) => delivery.url).sort()).toEqual(
				[`/a?p=${project.id}&a=${plain.id}&s=sent&d=${designId}&f=`, `/a?p=${project.id}&a=${financed.id}&s=cancel-pending&d=${designId}&f=fin-1`].sort(),
			);
		} finally {
			await rx.close();
		}
	});

	it('rejects bad admin input', async () => {
		const { project, designId } = await projectWithDesign();
		const other = await projectWithDesign();
		await expect(aurora.admin.createAgreement({ projectId: project.id, designId: other.designId })).rejects.toMatchObject({ status: 404 });
		await expect(aurora.admin.createAgreement({ projectId: 'nope', designId })).rejects.toMatchObject({ status: 404 });
		await expect(aurora.admin.createAgreement({ projectId: project.id, designId, status: 'lost' as never })).rejects.toMatchObject({ status: 400 });
		const agreement = await aurora.admin.createAgreement({ projectId: project.id, designId });
		await expect(aurora.admin.setAgreementStatus(agreement.id, 'approved' as never)).rejects.toMatchObject({ status: 400 });
		await expect(aurora.admin.setAgreementStatus('nope', 'signed')).rejects.toMatchObject({ status: 404 });
	});

	it('lists under the project by default, tenant-wide when agreementListAt is tenant; another tenant gets 404', async () => {
		const a = await projectWithDesign();
		const b = await projectWithDesign();
		const ids = [(await aurora.admin.createAgreement({ projectId: a.project.id, designId: a.designId })).id, (await aurora.admin.createAgreement({ projectId: a.project.id, designId: a.designId })).id];
		await aurora.admin.createAgreement({ projectId: b.project.id, designId: b.designId });
		const listed = (path: string) => call<{ agreements: Agreement[] }>('GET', path).then((res) => res.json.agreements.map((x) => x.id));

		expect(await listed(`/projects/${a.project.id}/agreements`)).toEqual(ids);
		expect(await listed(`/projects/${a.project.id}/agreements?per_page=1&page=2`)).toEqual([ids[1]]);
		expect((await call('GET', `/agreements?project_id=${a.project.id}`)).status).toBe(404);
		await aurora.admin.configure({ agreementListAt: 'tenant' });
		expect(await listed(`/agreements?project_id=${a.project.id}`)).toEqual(ids);
		expect(await listed('/agreements')).toHaveLength(3);
		expect((await call('GET', `/projects/${a.project.id}/agreements`)).status).toBe(404);

		expect((await call('GET', `/agreements/${ids[0]}`, asOther)).status).toBe(404);
		expect((await call<{ agreements: Agreement[] }>('GET', '/agreements', asOther)).json.agreements).toEqual([]);
		expect(await aurora.admin.listAgreements({ tenantId: OTHER_TENANT_ID })).toEqual([]);
		expect(await aurora.admin.listAgreements({ projectId: b.project.id })).toHaveLength(1);
	});
});

describe('web proposal', () => {
	it('has no url until one is generated; generating fires web_proposal_url_created', async () => {
		const { designId } = await projectWithDesign();
		const before = await call<{ web_proposal: WebProposal }>('GET', `/designs/${designId}/web_proposal`);
		expect(before.json.web_proposal).toEqual({ design_id: designId, url: null, url_expired: false, expires_at: null });

		const generated = await call<{ web_proposal: WebProposal }>('POST', `/designs/${designId}/web_proposal/generate_url`);
		expect(generated.status).toBe(200);
		const proposal = generated.json.web_proposal;
		expect(proposal).toMatchObject({ design_id: designId, url: expect.stringMatching(/^https:\/\/v2\.aurorasolar\.com\/e-proposal\/\S+$/), url_expired: false });
		const days = (Date.parse(proposal.expires_at ?? '') - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(29.9);
		expect(days).toBeLessThanOrEqual(30);
		expect((await call<{ web_proposal: WebProposal }>('GET', `/designs/${designId}/web_proposal`)).json.web_proposal).toEqual(proposal);
		expect(events('web_proposal_url_created')).toEqual([{ DESIGN_ID: designId, SOURCE: 'api' }]);

		const next = await call<{ web_proposal: WebProposal }>('POST', `/designs/${designId}/web_proposal/generate_url`);
		expect(next.json.web_proposal.url).not.toBe(proposal.url);
	});

	it('shows a link expired by the admin API as url_expired until a new one is generated', async () => {
		const { designId } = await projectWithDesign();
		await expect(aurora.admin.expireWebProposal(designId)).rejects.toMatchObject({ status: 409 });
		await call('POST', `/designs/${designId}/web_proposal/generate_url`);
		expect(await aurora.admin.expireWebProposal(designId)).toMatchObject({ design_id: designId, url_expired: true });
		expect((await call<{ web_proposal: WebProposal }>('GET', `/designs/${designId}/web_proposal`)).json.web_proposal.url_expired).toBe(true);
		const fresh = await call<{ web_proposal: WebProposal }>('POST', `/designs/${designId}/web_proposal/generate_url`);
		expect(fresh.json.web_proposal.url_expired).toBe(false);
		await expect(aurora.admin.expireWebProposal('nope')).rejects.toMatchObject({ status: 404 });
	});

	it('answers 404 for unknown or foreign designs and 403 to a restricted key generating', async () => {
		const { designId } = await projectWithDesign();
		expect((await call('GET', '/designs/nope/web_proposal')).status).toBe(404);
		expect((await call('GET', `/designs/${designId}/web_proposal`, asOther)).status).toBe(404);
		expect((await call('POST', `/designs/${designId}/web_proposal/generate_url`, asOther)).status).toBe(404);
		expect((await call('POST', `/designs/${designId}/web_proposal/generate_url`, { token: RESTRICTED_TOKEN })).status).toBe(403);
		expect(events('web_proposal_url_created')).toEqual([]);
	});
});

describe('design assets and roof summary', () => {
	it('lists a design’s assets with paging and retrieves one; another tenant gets 404', async () => {
		const { designId } = await projectWithDesign();
		const all = await call<{ assets: DesignAsset[] }>('GET', `/designs/${designId}/assets`);
		expect(all.json.assets.map((a) => a.asset_type)).toEqual(['dxf', 'layout_screenshot', 'racking_document']);
		expect(all.json.assets[0]).toEqual({ id: expect.any(String), design_id: designId, asset_type: 'dxf', url: expect.stringMatching(/^https:\/\/.+\.dxf$/), created_at: expect.any(String) });
		expect((await call<{ assets: DesignAsset[] }>('GET', `/designs/${designId}/assets?page=2&per_page=2`)).json.assets).toEqual([all.json.assets[2]]);
		const one = await call<{ asset: DesignAsset }>('GET', `/assets/${all.json.assets[1].id}`);
		expect(one.json.asset).toEqual(all.json.assets[1]);
		expect((await call('GET', `/assets/${all.json.assets[1].id}`, asOther)).status).toBe(404);
		expect((await call('GET', `/designs/${designId}/assets`, asOther)).status).toBe(404);
		expect((await call('GET', '/assets/nope')).status).toBe(404);
	});

	it("answers the roof summary with `modules`, or `panels` when roofSummaryModulesKey says so", async () => {
		const project = await aurora.admin.createProject();
		const design = await aurora.admin.createDesign(project.id, { design: { system_size_stc: 8_000 } });
		const modern = await call<{ roof_summary: { design_id: string; roofs: RoofView[] } }>('GET', `/designs/${design.id}/roof_summary`);
		expect(modern.status).toBe(200);
		const roofs = modern.json.roof_summary.roofs;
		expect(modern.json.roof_summary.design_id).toBe(design.id);
		expect(roofs).toHaveLength(2);
		expect(roofs[0]).toEqual({ id: expect.any(String), pitch: 22, azimuth: 180, area: expect.any(Number), modules: [{ name: expect.any(String), count: 10, size_stc: 4_000 }] });
		expect(roofs[0]).not.toHaveProperty('panels');

		await aurora.admin.configure({ roofSummaryModulesKey: 'panels' });
		const old = (await call<{ roof_summary: { roofs: RoofView[] } }>('GET', `/designs/${design.id}/roof_summary`)).json.roof_summary.roofs;
		expect(old[0].panels).toEqual(roofs[0].modules);
		expect(old[0]).not.toHaveProperty('modules');
		expect((await call('GET', `/designs/${design.id}/roof_summary`, asOther)).status).toBe(404);
	});
});

describe('users and tenant', () => {
	it('lists three seeded users, filters by partner_id and retrieves one', async () => {
		const listed = await call<{ users: AuroraUser[] }>('GET', '/users');
		expect(listed.json.users).toHaveLength(3);
		expect(listed.json.users[0]).toEqual({
			id: expect.any(String),
			first_name: expect.any(String),
			last_name: expect.any(String),
			email: expect.stringMatching(/@example\.com$/),
			account_status: 'active',
			phone: expect.stringMatching(/555-01\d\d$/),
			role_id: expect.any(String),
			team_ids: [expect.any(String)],
			partner_ids: [],
		});
		const partner1 = seededPartnerId(DEFAULT_TENANT_ID, 1);
		expect((await call<{ users: AuroraUser[] }>('GET', `/users?partner_id=${partner1}`)).json.users).toHaveLength(2);
		expect((await call<{ users: AuroraUser[] }>('GET', `/users?partner_id=${seededPartnerId(DEFAULT_TENANT_ID, 2)}`)).json.users).toHaveLength(1);
		expect((await call<{ users: AuroraUser[] }>('GET', '/users?partner_id=nobody')).json.users).toEqual([]);
		expect((await call<{ users: AuroraUser[] }>('GET', '/users?per_page=2&page=2')).json.users).toEqual([listed.json.users[2]]);

		const id = listed.json.users[1].id;
		expect((await call<{ user: AuroraUser }>('GET', `/users/${id}`)).json.user).toEqual(listed.json.users[1]);
		expect((await call('GET', `/users/${id}`, asOther)).status).toBe(404);
		const others = (await call<{ users: AuroraUser[] }>('GET', '/users', asOther)).json.users;
		expect(others.map((u) => u.id)).not.toContain(id);

		await aurora.admin.reset();
		expect((await call<{ users: AuroraUser[] }>('GET', '/users')).json.users).toEqual(listed.json.users);
	});

	it('retrieves the tenant at /tenants/{id}, with or without a trailing slash', async () => {
		for (const suffix of ['', '/']) {
			const res = await call<{ tenant: { id: string; name: string } }>('GET', suffix);
			expect([res.status, res.json.tenant]).toEqual([200, { id: DEFAULT_TENANT_ID, name: expect.any(String) }]);
		}
	});
});

describe('config', () => {
	it('rejects bad values for the new switches', async () => {
		for (const patch of [
			{ consumptionProfilePutAnswer: 'none' },
			{ designRequestListAt: 'global' },
			{ agreementListAt: true },
			{ autoCompleteDesignRequestsAfterMs: -1 },
			{ roofSummaryModulesKey: 'arrays' },
		]) {
			await expect(aurora.admin.configure(patch as never)).rejects.toMatchObject({ status: 400 });
		}
		expect(await aurora.admin.config()).toMatchObject({
			consumptionProfilePutAnswer: 'object',
			designRequestListAt: 'project',
			agreementListAt: 'project',
			autoCompleteDesignRequestsAfterMs: 0,
			roofSummaryModulesKey: 'modules',
		});
	});
});
