/**
 * Web Proposal → Get and → Generate URL: a design's shareable proposal link. Get can make a new link
 * when there is none or it expired; Generate URL creates one, so a lost answer is never sent again
 * (a second link could replace the one a homeowner was already sent).
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { TENANT_PATH } from '../../support/contexts';
import { useShortAttemptTimeout } from '../../support/fast-retries';
import { recordSleeps } from '../../support/sleeps';
import { DESIGN_ID, PROJECT_ID, aurora, byId, countRequests, runNode, runNodeFailure, useNock } from './run-node';

useNock();

const PROPOSAL_PATH = `${TENANT_PATH}/designs/${DESIGN_ID}/web_proposal`;
const GENERATE_PATH = `${PROPOSAL_PATH}/generate_url`;

const CURRENT = {
	design_id: DESIGN_ID,
	url: 'https://v2.aurorasolar.com/e-proposal/current-link',
	url_expired: false,
	expires_at: '2030-01-01T00:00:00.000Z',
	viewed: 3,
};
const FRESH = {
	design_id: DESIGN_ID,
	url: 'https://v2.aurorasolar.com/e-proposal/fresh-link',
	url_expired: false,
	expires_at: '2030-02-01T00:00:00.000Z',
};

function getParameters(extra: IDataObject = {}): IDataObject {
	return { resource: 'webProposal', operation: 'get', projectId: byId(''), designId: byId(DESIGN_ID), ...extra };
}

const GENERATE_PARAMETERS: IDataObject = { resource: 'webProposal', operation: 'generateUrl', projectId: byId(PROJECT_ID), designId: byId(DESIGN_ID) };

/** What the message and description say after a Generate URL whose outcome is unknown. */
function expectMayHaveBeenMade(error: Error & { description?: string | null }): void {
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.message).toMatch(/; the web proposal link may have been created in Aurora$/);
	expect(error.description).toContain('The request was sent once and not repeated, because repeating it could create a second web proposal link.');
	expect(error.description).toContain(
		'Before you run this item again, check whether it exists: get the current link with Web Proposal → Get before you generate another.',
	);
}

describe('Web Proposal → Get', () => {
	it('GETs /designs/{id}/web_proposal and returns the web proposal as Aurora sent it', async () => {
		const scope = aurora().get(PROPOSAL_PATH).reply(200, { web_proposal: CURRENT });

		const { output, requests } = await runNode({ parameters: getParameters() });

		expect(scope.isDone()).toBe(true);
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([['GET', `http://aurora.test${PROPOSAL_PATH}`, undefined]]);
		expect(output).toEqual([{ json: CURRENT, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare web proposal', async () => {
		const scope = aurora().get(PROPOSAL_PATH).reply(200, CURRENT);

		const { output } = await runNode({ parameters: getParameters() });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: CURRENT, pairedItem: { item: 0 } }]);
	});

	it('a design that does not exist fails with a 404 that names the web proposal of the design', async () => {
		const scope = aurora().get(PROPOSAL_PATH).reply(404, { error: 'Not Found' });

		const error = await runNodeFailure({ parameters: getParameters() });

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Web proposal of design "${DESIGN_ID}" was not found (404)`);
		expect(error.httpCode).toBe('404');
	});

	describe('Generate If Expired', () => {
		const needsLink: Array<[string, IDataObject]> = [
			['url_expired is true', { ...CURRENT, url_expired: true }],
			['url is null (never generated)', { design_id: DESIGN_ID, url: null, url_expired: false, expires_at: null }],
			['url is empty', { ...CURRENT, url: '' }],
			['url is missing', { design_id: DESIGN_ID, url_expired: false }],
		];

		it.each(needsLink)('on, and %s: POSTs generate_url once and outputs its web proposal', async (_case, proposal) => {
			const scope = aurora().get(PROPOSAL_PATH).reply(200, { web_proposal: proposal }).post(GENERATE_PATH).reply(200, { web_proposal: FRESH });
			const count = countRequests(scope);

			const { output, requests } = await runNode({ parameters: getParameters({ generateIfExpired: true }) });

			expect(scope.isDone()).toBe(true);
			expect(count()).toBe(2);
			expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
				['GET', `http://aurora.test${PROPOSAL_PATH}`, undefined],
				['POST', `http://aurora.test${GENERATE_PATH}`, undefined],
			]);
			expect(output).toEqual([{ json: FRESH, pairedItem: { item: 0 } }]);
		});

		it.each(needsLink)('off, and %s: no POST, the web proposal as it is', async (_case, proposal) => {
			const scope = aurora().get(PROPOSAL_PATH).reply(200, { web_proposal: proposal });
			const generate = aurora().post(GENERATE_PATH).reply(200, { web_proposal: FRESH });

			const { output, requests } = await runNode({ parameters: getParameters({ generateIfExpired: false }) });

			expect(scope.isDone()).toBe(true);
			expect(generate.isDone()).toBe(false);
			expect(requests).toHaveLength(1);
			expect(output).toEqual([{ json: proposal, pairedItem: { item: 0 } }]);
		});

		it('left at its default (off): no POST', async () => {
			const scope = aurora().get(PROPOSAL_PATH).reply(200, { web_proposal: { ...CURRENT, url_expired: true } });
			const generate = aurora().post(GENERATE_PATH).reply(200, { web_proposal: FRESH });

			const { output } = await runNode({ parameters: getParameters() });

			expect(scope.isDone()).toBe(true);
			expect(generate.isDone()).toBe(false);
			expect(output[0].json).toEqual({ ...CURRENT, url_expired: true });
		});

		it('on, and the link is current: no POST, the current link', async () => {
			const scope = aurora().get(PROPOSAL_PATH).reply(200, { web_proposal: CURRENT });
			const generate = aurora().post(GENERATE_PATH).reply(200, { web_proposal: FRESH });

			const { output, requests } = await runNode({ parameters: getParameters({ generateIfExpired: true }) });

			expect(scope.isDone()).toBe(true);
			expect(generate.isDone()).toBe(false);
			expect(requests).toHaveLength(1);
			expect(output).toEqual([{ json: CURRENT, pairedItem: { item: 0 } }]);
		});

		it('on, and the generate_url answer is lost (500): one POST, and the error says a link may have been made', async () => {
			const scope = aurora()
				.get(PROPOSAL_PATH)
				.reply(200, { web_proposal: { ...CURRENT, url_expired: true } })
				.post(GENERATE_PATH)
				.reply(500, { error: 'Internal Server Error' })
				.post(GENERATE_PATH)
				.reply(200, { web_proposal: FRESH });
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: getParameters({ generateIfExpired: true }) });

			expect(count()).toBe(2);
			expectMayHaveBeenMade(error);
			expect(error.message).toBe('Aurora had a server error (500); the web proposal link may have been created in Aurora');
		});
	});
});

describe('Web Proposal → Generate URL', () => {
	it('POSTs /designs/{id}/web_proposal/generate_url once, with no body, and outputs the new web proposal', async () => {
		const scope = aurora().post(GENERATE_PATH).reply(200, { web_proposal: FRESH });
		const count = countRequests(scope);

		const { output, requests } = await runNode({ parameters: GENERATE_PARAMETERS });

		expect(scope.isDone()).toBe(true);
		expect(count()).toBe(1);
		expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([['POST', `http://aurora.test${GENERATE_PATH}`, undefined]]);
		expect(output).toEqual([{ json: FRESH, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare web proposal in the answer', async () => {
		const scope = aurora().post(GENERATE_PATH).reply(201, FRESH);

		const { output } = await runNode({ parameters: GENERATE_PARAMETERS });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: FRESH, pairedItem: { item: 0 } }]);
	});

	describe('a timeout', () => {
		useShortAttemptTimeout();

		it('exactly one POST, and the error says a link may have been made', async () => {
			const scope = aurora().post(GENERATE_PATH).delay(1000).reply(200, { web_proposal: FRESH }).post(GENERATE_PATH).reply(200, { web_proposal: FRESH });
			const count = countRequests(scope);

			const error = await runNodeFailure({ parameters: GENERATE_PARAMETERS });

			expect(count()).toBe(1);
			expectMayHaveBeenMade(error);
			expect(error.message).toMatch(/^Aurora did not answer in time \((ECONNABORTED|ETIMEDOUT)\); the web proposal link may have been created in Aurora$/);
		});
	});

	it('a lost answer (500): exactly one POST, and the error says to check with Web Proposal → Get', async () => {
		// A second attempt would be answered, so a retry shows up as a passing run.
		const scope = aurora().post(GENERATE_PATH).reply(500, { error: 'database timeout' }).post(GENERATE_PATH).reply(200, { web_proposal: FRESH });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: GENERATE_PARAMETERS });

		expect(count()).toBe(1);
		expectMayHaveBeenMade(error);
		expect(error.message).toBe('Aurora had a server error (500); the web proposal link may have been created in Aurora');
		expect(error.description).toMatch(/ Aurora said: database timeout$/);
		expect(error.httpCode).toBe('500');
	});

	it('an empty 200: the link may exist, so the error says to check', async () => {
		const scope = aurora().post(GENERATE_PATH).reply(200, '');
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: GENERATE_PARAMETERS });

		expect(count()).toBe(1);
		expectMayHaveBeenMade(error);
		expect(error.message).toBe("Aurora's answer holds no web proposal; the web proposal link may have been created in Aurora");
	});

	it('429 with Retry-After: waits as asked, then the second POST makes the link', async () => {
		const scope = aurora()
			.post(GENERATE_PATH)
			.reply(429, { error: 'Too Many Requests' }, { 'Retry-After': '2' })
			.post(GENERATE_PATH)
			.reply(200, { web_proposal: FRESH });
		const count = countRequests(scope);
		const sleeps = recordSleeps();

		const { output } = await runNode({ parameters: GENERATE_PARAMETERS });

		expect(scope.isDone()).toBe(true);
		expect(count()).toBe(2);
		expect(sleeps).toEqual([2000]);
		expect(output).toEqual([{ json: FRESH, pairedItem: { item: 0 } }]);
	});

	it('under continueOnFail, a lost answer becomes an error item and the next item still runs', async () => {
		const scope = aurora().post(GENERATE_PATH).reply(502, '').post(GENERATE_PATH).reply(200, { web_proposal: FRESH });

		const { output } = await runNode({ continueOnFail: true, parameters: [GENERATE_PARAMETERS, GENERATE_PARAMETERS] });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					error: 'Aurora had a server error (502); the web proposal link may have been created in Aurora',
					description: expect.stringContaining('Web Proposal → Get'),
					httpCode: '502',
				},
				pairedItem: { item: 0 },
			},
			{ json: FRESH, pairedItem: { item: 1 } },
		]);
	});
});
