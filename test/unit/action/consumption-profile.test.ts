/**
 * Consumption Profile → Get and → Update: one profile per project at /projects/{id}/consumption_profile.
 * Update checks the usage values before anything is sent, sends one usage kind per PUT, and reads the
 * profile back when Aurora's answer does not hold it.
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { BUDGETS } from '../../../nodes/AuroraSolar/transport/retry';
import { AURORA, TENANT_PATH } from '../../support/contexts';
import { useNock } from '../../support/nock';
import { recordSleeps } from '../../support/sleeps';
import { PROJECT_ID, aurora, byId, countRequests, runNode, runNodeFailure } from './run-node';

const mock = useNock({ failOnUnmatched: true });

const PROFILE_PATH = `${TENANT_PATH}/projects/${PROJECT_ID}/consumption_profile`;

const MONTHLY = [850, 780, 820, 900, 1100, 1300, 1500, 1450, 1200, 950, 860, 830];
const MONTHLY_TEXT = MONTHLY.join(', ');

const PROFILE = {
	project_id: PROJECT_ID,
	utility_name: 'PG&E',
	rate_name: 'E-TOU-C',
	monthly_energy: MONTHLY,
	annual_energy: MONTHLY.reduce((sum, value) => sum + value, 0),
};

function getParameters(overrides: IDataObject = {}): IDataObject {
	return { resource: 'consumptionProfile', operation: 'get', projectId: byId(PROJECT_ID), ...overrides };
}

function updateParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'consumptionProfile',
		operation: 'update',
		projectId: byId(PROJECT_ID),
		usageInput: 'monthly_energy',
		usageValues: MONTHLY_TEXT,
		otherFields: '{}',
		...overrides,
	};
}

/** An interceptor for any request to Aurora that must stay unused; with failOnUnmatched, none may arrive at all. */
function nothingMayBeSent(): nock.Scope {
	return nock(AURORA).put(/.*/).reply(200, { consumption_profile: PROFILE }).get(/.*/).reply(200, { consumption_profile: PROFILE });
}

describe('Consumption Profile → Get', () => {
	it('GETs /projects/{id}/consumption_profile and returns the profile as it is', async () => {
		const scope = aurora().get(PROFILE_PATH).reply(200, { consumption_profile: PROFILE });
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: getParameters() });

		expect(scope.isDone()).toBe(true);
		expect(count()).toBe(1);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it('accepts a bare profile', async () => {
		const scope = aurora().get(PROFILE_PATH).reply(200, PROFILE);

		const { output } = await runNode({ parameters: getParameters() });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it('a 404 "not filled out" fails after one request with a NodeApiError that says what Aurora said', async () => {
		const scope = aurora().get(PROFILE_PATH).reply(404, { error: 'Consumption profile is not filled out' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: getParameters() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Consumption profile of project "${PROJECT_ID}" was not found (404)`);
		expect(error.description).toContain('Consumption profile is not filled out');
		expect(error.httpCode).toBe('404');
		expect(error.context?.itemIndex).toBe(0);
	});

	it('under continueOnFail, the 404 becomes {error, description, httpCode} and the next item still runs', async () => {
		const other = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
		const scope = aurora()
			.get(PROFILE_PATH)
			.reply(404, { error: 'Consumption profile is not filled out' })
			.get(`${TENANT_PATH}/projects/${other}/consumption_profile`)
			.reply(200, { consumption_profile: { ...PROFILE, project_id: other } });

		const { output } = await runNode({ continueOnFail: true, parameters: [getParameters(), getParameters({ projectId: byId(other) })] });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					error: `Consumption profile of project "${PROJECT_ID}" was not found (404)`,
					description: expect.stringContaining('Consumption profile is not filled out'),
					httpCode: '404',
				},
				pairedItem: { item: 0 },
			},
			{ json: { ...PROFILE, project_id: other }, pairedItem: { item: 1 } },
		]);
	});

	it('an invalid project ID from an expression fails before anything is sent', async () => {
		nothingMayBeSent();

		const error = await runNodeFailure({ parameters: getParameters({ projectId: byId('../tenants') }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Project ID "../tenants" is not an Aurora ID');
		expect(error.requests).toHaveLength(0);
	});
});

describe('Consumption Profile → Update: the body', () => {
	it.each([
		['monthly_energy', MONTHLY],
		['monthly_bill', [120, 110, 115, 130, 160, 190, 220, 210, 175, 140, 125, 118]],
	])('%s: PUTs {"consumption_profile": {"%s": [12 numbers]}} and returns the profile Aurora answers with', async (input, values) => {
		const answer = { ...PROFILE, [input]: values };
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { [input]: values } }).reply(200, { consumption_profile: answer }));
		const count = countRequests(scope);

		const { output, requests } = await runNode({ parameters: updateParameters({ usageInput: input, usageValues: values.join(',') }) });

		expect(count()).toBe(1);
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ consumption_profile: { [input]: values } });
		expect(output).toEqual([{ json: answer, pairedItem: { item: 0 } }]);
	});

	it('interval_data: 8760 hourly values are accepted and sent in order', async () => {
		const hourly = Array.from({ length: 8760 }, (_value, index) => Math.round((index % 24) * 0.1 * 100) / 100);
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { interval_data: hourly } }).reply(200, { consumption_profile: PROFILE }));

		const { output, requests } = await runNode({ parameters: updateParameters({ usageInput: 'interval_data', usageValues: hourly.join(',') }) });

		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		const sent = (requests[0].body as IDataObject).consumption_profile as IDataObject;
		expect(sent.interval_data).toHaveLength(8760);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it('interval_data: 8760 values as an array from an expression are accepted too', async () => {
		const hourly = Array.from({ length: 8760 }, () => 1.5);
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { interval_data: hourly } }).reply(200, { consumption_profile: PROFILE }));

		await runNode({ parameters: updateParameters({ usageInput: 'interval_data', usageValues: hourly }) });

		expect(scope.isDone()).toBe(true);
	});

	it('a comma list with blanks and "null" sends null for those months, with spaces and decimals read as numbers', async () => {
		const text = ' 850 , , null, 820,NULL, 1100.5 ,1300,1500,1450,1200, 950 , ';
		const expected = [850, null, null, 820, null, 1100.5, 1300, 1500, 1450, 1200, 950, null];
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { monthly_energy: expected } }).reply(200, { consumption_profile: PROFILE }));

		const { requests } = await runNode({ parameters: updateParameters({ usageValues: text }) });

		expect(scope.isDone()).toBe(true);
		expect(requests[0].body).toEqual({ consumption_profile: { monthly_energy: expected } });
	});

	it('an array from an expression: numbers, numeric strings, null and empty strings', async () => {
		const values = [850, '780', null, '', ' 900 ', 1100, 1300, 'null', 1450, 1200, 950, 0];
		const expected = [850, 780, null, null, 900, 1100, 1300, null, 1450, 1200, 950, 0];
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { monthly_energy: expected } }).reply(200, { consumption_profile: PROFILE }));

		const { requests } = await runNode({ parameters: updateParameters({ usageValues: values }) });

		expect(scope.isDone()).toBe(true);
		expect(requests[0].body).toEqual({ consumption_profile: { monthly_energy: expected } });
	});

	it('Other Profile Fields are sent beside the usage; usage kinds among them are removed', async () => {
		const otherFields = JSON.stringify({
			utility_name: 'PG&E',
			rate_name: 'E-TOU-C',
			monthly_bill: [1, 2, 3],
			interval_data: [4],
			monthly_energy: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
			nested: { keep: true },
		});
		const body = { consumption_profile: { utility_name: 'PG&E', rate_name: 'E-TOU-C', nested: { keep: true }, monthly_energy: MONTHLY } };
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, body).reply(200, { consumption_profile: PROFILE }));

		const { requests } = await runNode({ parameters: updateParameters({ otherFields }) });

		expect(scope.isDone()).toBe(true);
		expect(requests[0].body).toEqual(body);
	});

	it('Other Profile Fields given as an object (an expression result) are sent the same way', async () => {
		const body = { consumption_profile: { utility_name: 'SCE', monthly_bill: MONTHLY } };
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, body).reply(200, { consumption_profile: PROFILE }));

		const { requests } = await runNode({
			parameters: updateParameters({ usageInput: 'monthly_bill', otherFields: { utility_name: 'SCE', monthly_energy: [1] } }),
		});

		expect(scope.isDone()).toBe(true);
		expect(requests[0].body).toEqual(body);
	});

	it('empty Other Profile Fields send only the usage', async () => {
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { monthly_energy: MONTHLY } }).reply(200, { consumption_profile: PROFILE }));

		const { requests } = await runNode({ parameters: updateParameters({ otherFields: '   ' }) });

		expect(scope.isDone()).toBe(true);
		expect(requests[0].body).toEqual({ consumption_profile: { monthly_energy: MONTHLY } });
	});
});

describe('Consumption Profile → Update: values checked before anything is sent', () => {
	it.each([
		['11 monthly values', 'monthly_energy', MONTHLY.slice(0, 11).join(','), 'Monthly Energy (kWh) needs 12 values, got 11'],
		['13 monthly bills', 'monthly_bill', [...MONTHLY, 1].join(','), 'Monthly Bill (USD) needs 12 values, got 13'],
		['no values at all', 'monthly_energy', '   ', 'Monthly Energy (kWh) needs 12 values, got 0'],
		['an array of 11', 'monthly_energy', MONTHLY.slice(0, 11), 'Monthly Energy (kWh) needs 12 values, got 11'],
		[
			'8759 interval values',
			'interval_data',
			Array.from({ length: 8759 }, () => 1).join(','),
			'Interval Data (kWh) needs 8760 or 8784 or 17520 or 17568 or 35040 or 35136 values, got 8759',
		],
		['12 interval values', 'interval_data', MONTHLY_TEXT, 'Interval Data (kWh) needs 8760 or 8784 or 17520 or 17568 or 35040 or 35136 values, got 12'],
	])('%s: NodeOperationError, nothing sent', async (_case, usageInput, usageValues, message) => {
		nothingMayBeSent();

		const error = await runNodeFailure({ parameters: updateParameters({ usageInput, usageValues }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.description).toContain('Nothing was sent to Aurora.');
		expect(error.requests).toHaveLength(0);
		expect(mock.unmatched).toEqual([]);
	});

	it.each([
		['a word in a comma list', '850,780,abc,900,1100,1300,1500,1450,1200,950,860,830', 'Monthly Energy (kWh): value 3 ("abc") is not a number'],
		['a number with a unit', '850 kWh,780,820,900,1100,1300,1500,1450,1200,950,860,830', 'Monthly Energy (kWh): value 1 ("850 kWh") is not a number'],
		['NaN', '850,780,820,900,1100,1300,1500,1450,1200,950,860,NaN', 'Monthly Energy (kWh): value 12 ("NaN") is not a number'],
		['a word in an array', [850, 780, 820, 'lots', 1100, 1300, 1500, 1450, 1200, 950, 860, 830], 'Monthly Energy (kWh): value 4 ("lots") is not a number'],
		['an object in an array', [850, 780, 820, 900, { kwh: 1 }, 1300, 1500, 1450, 1200, 950, 860, 830], 'Monthly Energy (kWh): value 5 ({"kwh":1}) is not a number'],
	])('%s: NodeOperationError naming the value, nothing sent', async (_case, usageValues, message) => {
		nothingMayBeSent();

		const error = await runNodeFailure({ parameters: updateParameters({ usageValues }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.description).toContain('Nothing was sent to Aurora.');
		expect(error.requests).toHaveLength(0);
	});

	it.each([
		['invalid JSON', '{"utility_name": '],
		['a JSON array', '[{"utility_name": "PG&E"}]'],
		['a JSON string', '"PG&E"'],
		['JSON null', 'null'],
	])('Other Profile Fields as %s: NodeOperationError, nothing sent', async (_case, otherFields) => {
		nothingMayBeSent();

		const error = await runNodeFailure({ parameters: updateParameters({ otherFields }) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Other Profile Fields must be a JSON object');
		expect(error.description).toContain('Nothing was sent to Aurora.');
		expect(error.requests).toHaveLength(0);
	});

	it('under continueOnFail, a bad item becomes {error, description} without httpCode and the next item is sent', async () => {
		const scope = mock.expectDone(aurora().put(PROFILE_PATH, { consumption_profile: { monthly_energy: MONTHLY } }).reply(200, { consumption_profile: PROFILE }));

		const { output, requests } = await runNode({
			continueOnFail: true,
			parameters: [updateParameters({ usageValues: '1,2,3' }), updateParameters()],
		});

		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		expect(output).toEqual([
			{
				json: { error: 'Monthly Energy (kWh) needs 12 values, got 3', description: expect.stringContaining('Nothing was sent to Aurora.') },
				pairedItem: { item: 0 },
			},
			{ json: PROFILE, pairedItem: { item: 1 } },
		]);
	});
});

describe('Consumption Profile → Update: the answer', () => {
	it('a bare profile in the answer is the output, without a read back', async () => {
		const scope = mock.expectDone(aurora().put(PROFILE_PATH).reply(200, PROFILE));
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: updateParameters() });

		expect(count()).toBe(1);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it.each([
		['204 No Content', 204, ''],
		['an empty 200', 200, ''],
		['{}', 200, {}],
		['{"consumption_profile": null}', 200, { consumption_profile: null }],
		['{"consumption_profile": {}}', 200, { consumption_profile: {} }],
		// An acknowledgement is not a profile: it names none of a profile's fields.
		['{"status": "ok"}', 200, { status: 'ok' }],
	])('%s: the profile is read back with a GET and that is the output', async (_case, status, body) => {
		const scope = mock.expectDone(
			aurora()
				.put(PROFILE_PATH, { consumption_profile: { monthly_energy: MONTHLY } })
				.reply(status, body as never)
				.get(PROFILE_PATH)
				.reply(200, { consumption_profile: PROFILE }),
		);
		const count = countRequests(scope);

		const { output, requests } = await runNode({ parameters: updateParameters() });

		expect(count()).toBe(2);
		expect(requests.map((request) => request.method)).toEqual(['PUT', 'GET']);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it('when the read back answers 404, the error names the consumption profile', async () => {
		mock.expectDone(aurora().put(PROFILE_PATH).reply(204).get(PROFILE_PATH).reply(404, { error: 'Consumption profile is not filled out' }));

		const error = await runNodeFailure({ parameters: updateParameters() });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Consumption profile of project "${PROJECT_ID}" was not found (404)`);
	});
});

describe('Consumption Profile → Update: failures of the PUT', () => {
	it('404: the project is named, after one request and no read back', async () => {
		const scope = aurora().put(PROFILE_PATH).reply(404, { error: 'Not Found' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: updateParameters() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Project "${PROJECT_ID}" was not found (404)`);
		expect(error.description).toContain('belongs to another tenant');
		expect(error.httpCode).toBe('404');
		expect(error.requests).toHaveLength(1);
	});

	it('422: Aurora’s message is shown, after one request', async () => {
		const scope = aurora().put(PROFILE_PATH).reply(422, { errors: [{ detail: 'monthly_energy values must be non-negative' }] });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: updateParameters() });

		expect(count()).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora could not process the request (422): monthly_energy values must be non-negative');
		expect(error.httpCode).toBe('422');
	});

	it('429 then 200: the PUT is sent again (it creates nothing) after the wait Aurora asked for', async () => {
		const body = { consumption_profile: { monthly_energy: MONTHLY } };
		const scope = mock.expectDone(
			aurora()
				.put(PROFILE_PATH, body)
				.reply(429, { error: 'Too Many Requests' }, { 'Retry-After': '2' })
				.put(PROFILE_PATH, body)
				.reply(200, { consumption_profile: PROFILE }),
		);
		const count = countRequests(scope);
		const waits = recordSleeps();

		const { output } = await runNode({ parameters: updateParameters() });

		expect(count()).toBe(2);
		expect(waits).toEqual([2000]);
		expect(output).toEqual([{ json: PROFILE, pairedItem: { item: 0 } }]);
	});

	it('a 502 is retried too, and the item succeeds', async () => {
		const scope = mock.expectDone(aurora().put(PROFILE_PATH).reply(502, '').put(PROFILE_PATH).reply(200, { consumption_profile: PROFILE }));
		const count = countRequests(scope);

		const { output } = await runNode({ parameters: updateParameters() });

		expect(count()).toBe(2);
		expect(output[0].json).toEqual(PROFILE);
	});

	it('500 on every attempt: a NodeApiError after the whole retry budget, and no read back', async () => {
		const scope = aurora().put(PROFILE_PATH).times(BUDGETS.action.maxAttempts).reply(500, { error: 'database unavailable' });
		const count = countRequests(scope);

		const error = await runNodeFailure({ parameters: updateParameters() });

		expect(scope.isDone()).toBe(true);
		expect(count()).toBe(BUDGETS.action.maxAttempts);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Aurora had a server error (500) and the retries ran out: database unavailable');
		expect(error.description).toContain(`Gave up after ${BUDGETS.action.maxAttempts} attempt(s)`);
		expect(error.httpCode).toBe('500');
		expect(error.requests.every((request) => request.method === 'PUT')).toBe(true);
	});
});
