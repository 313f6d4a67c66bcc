/**
 * Every id parameter is checked at run time, after expressions and $fromAI have produced it: only a
 * UUID (surrounding whitespace trimmed) goes into a request path. Anything else fails the item with
 * an error naming the parameter, and nothing is sent; an unchecked `..` would fetch the tenant and
 * an empty id the whole list.
 */
import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { AURORA, TENANT_PATH } from '../../support/contexts';
import { DESIGN_ID, LEAD_ID, PROJECT_ID, WEBHOOK_ID, aurora, byId, countRequests, runNode, runNodeFailure, useNock } from './run-node';

useNock();

interface IdParameter {
	operation: string;
	parameters: IDataObject;
	/** The id parameter under test. */
	name: string;
	label: string;
	id: string;
	method: 'get' | 'post' | 'put' | 'delete';
	/** The path with the id in it, for the request a valid id sends. */
	path: (id: string) => string;
	answer: IDataObject | string;
}

const ID_PARAMETERS: IdParameter[] = [
	{ operation: 'Lead → Get', parameters: { resource: 'lead', operation: 'get', simplify: false }, name: 'leadId', label: 'Lead ID', id: LEAD_ID, method: 'get', path: (id) => `/leads/${id}`, answer: { id: LEAD_ID } },
	{
		operation: 'Lead → Convert to Project',
		parameters: { resource: 'lead', operation: 'convert', projectFields: {} },
		name: 'leadId',
		label: 'Lead ID',
		id: LEAD_ID,
		method: 'post',
		path: (id) => `/leads/${id}/convert`,
		answer: { project: { id: PROJECT_ID } },
	},
	{ operation: 'Project → Get', parameters: { resource: 'project', operation: 'get', simplify: false }, name: 'projectId', label: 'Project ID', id: PROJECT_ID, method: 'get', path: (id) => `/projects/${id}`, answer: { id: PROJECT_ID } },
	{
		operation: 'Project → Update',
		parameters: { resource: 'project', operation: 'update', updateFields: { status: 'Sold' }, simplify: false },
		name: 'projectId',
		label: 'Project ID',
		id: PROJECT_ID,
		method: 'put',
		path: (id) => `/projects/${id}`,
		answer: { id: PROJECT_ID },
	},
	{ operation: 'Design → Get', parameters: { resource: 'design', operation: 'get', simplify: false }, name: 'designId', label: 'Design ID', id: DESIGN_ID, method: 'get', path: (id) => `/designs/${id}`, answer: { id: DESIGN_ID } },
	{ operation: 'Design → Get Summary', parameters: { resource: 'design', operation: 'getSummary' }, name: 'designId', label: 'Design ID', id: DESIGN_ID, method: 'get', path: (id) => `/designs/${id}/summary`, answer: { id: DESIGN_ID } },
	{ operation: 'Design → Get Pricing', parameters: { resource: 'design', operation: 'getPricing' }, name: 'designId', label: 'Design ID', id: DESIGN_ID, method: 'get', path: (id) => `/designs/${id}/pricing`, answer: { pricing: { total: 1 } } },
	{
		operation: 'Design → Get Many',
		parameters: { resource: 'design', operation: 'getAll', returnAll: false, limit: 1, simplify: false },
		name: 'projectId',
		label: 'Project ID',
		id: PROJECT_ID,
		method: 'get',
		path: (id) => `/projects/${id}/designs?page=1&per_page=1`,
		answer: { designs: [{ id: DESIGN_ID }] },
	},
	{ operation: 'Webhook → Get', parameters: { resource: 'webhook', operation: 'get' }, name: 'webhookId', label: 'Webhook ID', id: WEBHOOK_ID, method: 'get', path: (id) => `/webhooks/${id}`, answer: { id: WEBHOOK_ID } },
	{
		operation: 'Webhook → Update',
		parameters: { resource: 'webhook', operation: 'update', updateFields: { enabled: false } },
		name: 'webhookId',
		label: 'Webhook ID',
		id: WEBHOOK_ID,
		method: 'put',
		path: (id) => `/webhooks/${id}`,
		answer: { id: WEBHOOK_ID },
	},
	{ operation: 'Webhook → Delete', parameters: { resource: 'webhook', operation: 'delete' }, name: 'webhookId', label: 'Webhook ID', id: WEBHOOK_ID, method: 'delete', path: (id) => `/webhooks/${id}`, answer: '' },
];

const byOperation = ID_PARAMETERS.map((parameter) => [parameter.operation, parameter] as const);

/** [case, value, expected message given the label] */
const REJECTED: Array<[string, string, (label: string) => string]> = [
	['empty', '', (label) => `The ${label} is empty`],
	['only spaces', '   ', (label) => `The ${label} is empty`],
	['".."', '..', (label) => `The ${label} ".." is not an Aurora ID`],
	['"../webhooks"', '../webhooks', (label) => `The ${label} "../webhooks" is not an Aurora ID`],
	['"abc"', 'abc', (label) => `The ${label} "abc" is not an Aurora ID`],
	['a UUID with a trailing path', `${LEAD_ID}/../../webhooks`, (label) => `The ${label} "${LEAD_ID}/../../webhooks" is not an Aurora ID`],
	['a UUID with a query', `${LEAD_ID}?page=2`, (label) => `The ${label} "${LEAD_ID}?page=2" is not an Aurora ID`],
	['a UUID with a character too many', `${LEAD_ID}0`, (label) => `The ${label} "${LEAD_ID}0" is not an Aurora ID`],
];

/** How n8n hands the value over: By ID, From List, or a plain value as an expression or $fromAI may give. */
const MODES: Array<[string, (value: string) => IDataObject | string]> = [
	['By ID', (value) => byId(value)],
	['From List', (value) => ({ __rl: true, mode: 'list', value })],
	['an expression result', (value) => value],
];

/**
 * Answers any request at all, so that a request the node should not send is counted rather than
 * refused (a refused one would be retried and end in a different error). Returns the count.
 */
function anyRequest(): () => number {
	const scope = nock(AURORA);
	for (const method of ['get', 'post', 'put', 'delete'] as const) scope[method](/.*/).query(true).times(10).reply(200, {});
	return countRequests(scope);
}

describe.each(byOperation)('%s', (_operation, parameter) => {
	it.each(REJECTED)('rejects %s without sending anything', async (_case, value, message) => {
		const sent = anyRequest();

		const error = await runNodeFailure({ parameters: { ...parameter.parameters, [parameter.name]: byId(value) } });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message(parameter.label));
		expect(error.description).toContain('Aurora IDs are UUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.');
		expect(error.description).toContain('Nothing was sent to Aurora.');
		expect(error.context?.itemIndex).toBe(0);
		expect(error.requests).toHaveLength(0);
		expect(sent()).toBe(0);
	});

	it.each(MODES)('rejects ".." handed over %s', async (_mode, wrap) => {
		const sent = anyRequest();

		const error = await runNodeFailure({ parameters: { ...parameter.parameters, [parameter.name]: wrap('..') } });

		expect(error.message).toBe(`The ${parameter.label} ".." is not an Aurora ID`);
		expect(error.requests).toHaveLength(0);
		expect(sent()).toBe(0);
	});

	it.each(MODES)('accepts a UUID with surrounding whitespace handed over %s, and sends it trimmed', async (_mode, wrap) => {
		const scope = aurora()[parameter.method](`${TENANT_PATH}${parameter.path(parameter.id)}`).reply(200, parameter.answer);

		const { output, requests } = await runNode({ parameters: { ...parameter.parameters, [parameter.name]: wrap(`  ${parameter.id}\n`) } });

		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		expect(output).toHaveLength(1);
	});
});

describe('which item failed', () => {
	it('names the item whose id is bad; the items before it were sent', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { id: LEAD_ID });
		const getLead = { resource: 'lead', operation: 'get', simplify: false };

		const error = await runNodeFailure({ parameters: [{ ...getLead, leadId: byId(LEAD_ID) }, { ...getLead, leadId: byId('..') }] });

		expect(scope.isDone()).toBe(true);
		expect(error.requests).toHaveLength(1);
		expect(error.message).toBe('The Lead ID ".." is not an Aurora ID');
		expect(error.context?.itemIndex).toBe(1);
	});

	it('under continueOnFail, a bad id becomes an error item without httpCode, and the other items run', async () => {
		const scope = aurora().get(`${TENANT_PATH}/leads/${LEAD_ID}`).reply(200, { id: LEAD_ID });
		const getLead = { resource: 'lead', operation: 'get', simplify: false };

		const { output, requests } = await runNode({ continueOnFail: true, parameters: [{ ...getLead, leadId: byId('') }, { ...getLead, leadId: byId(LEAD_ID) }] });

		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(1);
		expect(output).toEqual([
			{ json: { error: 'The Lead ID is empty', description: expect.stringContaining('Pick the lead From List') }, pairedItem: { item: 0 } },
			{ json: { id: LEAD_ID }, pairedItem: { item: 1 } },
		]);
	});

	it('shows at most 60 characters of a long bad value', async () => {
		const error = await runNodeFailure({ parameters: { resource: 'lead', operation: 'get', simplify: false, leadId: byId('x'.repeat(500)) } });

		expect(error.message).toBe(`The Lead ID "${'x'.repeat(60)}…" is not an Aurora ID`);
	});
});
