/**
 * The action node's output schemas (nodes/AuroraSolar/__schema__/v1.0.0/<resource>/<operation>.json),
 * which the n8n editor shows before a node has run. Every operation of the node has one, found
 * the way n8n finds it (n8n-core's own resolver), and every real output of that operation, run
 * against the fake Aurora with default parameters (Simplify on where it exists), matches it.
 */
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

import Ajv from 'ajv';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
// The function n8n 2.41.1 uses to serve `/schemas/<type>/<x.y.z>/<resource>/<operation>.json`.
import { resolveOutputSchemaPath } from 'n8n-core/dist/nodes-loader/output-schema-resolver';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { FakeAuroraClient } from '../../../devkit/fake-aurora/client';
import { seededUsers } from '../../../devkit/fake-aurora/fake-users';
import type { FakeAurora } from '../../../devkit/fake-aurora/server';
import { startFakeAurora } from '../../../devkit/fake-aurora/server';
import { testCredentials } from '../../support/contexts';
import { byId, runNode } from './run-node';


const NODE_DIR = path.join(__dirname, '..', '..', '..', 'nodes', 'AuroraSolar');
const SCHEMA_ROOT = path.join(NODE_DIR, '__schema__');
const description = new AuroraSolar().description;
const nodeVersion = description.version as number;

type JsonSchema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** `resource/operation` for every operation the node offers, read from its description. */
function nodeOperations(): string[] {
	return description.properties
		.filter((property: INodeProperties) => property.name === 'operation')
		.flatMap((property: INodeProperties) => {
			const [resource] = (property.displayOptions?.show?.resource ?? []) as string[];
			return (property.options ?? []).map((option) => `${resource}/${(option as { value: string }).value}`);
		})
		.sort();
}

function schemaPathFor(name: string): string | undefined {
	const [resource, operation] = name.split('/');
	return resolveOutputSchemaPath({ nodeDir: NODE_DIR, version: nodeVersion, resource, operation });
}

function loadSchema(name: string): JsonSchema {
	const file = schemaPathFor(name);
	if (!file) throw new Error(`n8n resolves no schema path for ${name}`);
	return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
}

const ajv = new Ajv({ allErrors: true });

/** The validation errors of every output item against the operation's schema ([] when all match). */
function violations(name: string, items: IDataObject[]): string[] {
	const validate = ajv.compile(loadSchema(name));
	return items.flatMap((json, index) =>
		validate(json) ? [] : (validate.errors ?? []).map((error) => `item ${index}${error.dataPath} ${error.message}`),
	);
}

describe('output schema files', () => {
	const operations = nodeOperations();

	it('the node offers the 31 operations the schemas cover', () => {
		expect(operations).toHaveLength(31);
	});

	it.each(operations)('%s has a schema where n8n looks for it', (name) => {
		const file = schemaPathFor(name);
		expect(file).toBe(path.join(SCHEMA_ROOT, `v${nodeVersion}.0.0`, `${name}.json`));
		expect(() => readFileSync(file!, 'utf8')).not.toThrow();
	});

	it('has no schema for an operation the node does not offer', () => {
		const dir = path.join(SCHEMA_ROOT, `v${nodeVersion}.0.0`);
		const files = readdirSync(dir).flatMap((resource) => readdirSync(path.join(dir, resource)).map((file) => `${resource}/${file.replace(/\.json$/, '')}`));
		expect(files.sort()).toEqual(operations);
	});

	it.each(operations)('%s is a draft-07 object schema the editor can show', (name) => {
		const schema = loadSchema(name);
		expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
		expect(ajv.validateSchema(schema)).toBe(true);
		// The editor's getSchemaPreview rejects anything else ("Invalid JSON schema").
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		expect(schema.additionalProperties).toBe(true);
		// The editor reads `type[0]` of a type list, and recurses only into type "object" / "array".
		const problems: string[] = [];
		const walk = (node: JsonSchema, at: string): void => {
			if (Array.isArray(node.type)) {
				if (node.type[0] === 'null') problems.push(`${at}: "null" listed first`);
				if (node.type.includes('object') || node.type.includes('array')) problems.push(`${at}: object or array in a type list`);
			}
			for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${at}.${key}`);
			if (node.items) walk(node.items, `${at}[0]`);
		};
		walk(schema, name);
		expect(problems).toEqual([]);
	});
});

describe('real outputs from the fake Aurora match the schemas', () => {
	let fake: FakeAurora;
	let credentials: IDataObject;
	let admin: FakeAuroraClient;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		fake = await startFakeAurora({ timeScale: 0.001, autoDeliver: false });
		credentials = testCredentials({ baseUrl: fake.url, apiToken: fake.token, tenantId: fake.tenantId });
		admin = new FakeAuroraClient(fake.url);
		ids.lead = (await admin.createLead()).id;
		ids.leadToConvert = (await admin.createLead()).id;
		ids.project = (await admin.createProject()).id;
		ids.design = (await admin.createDesign(ids.project)).id;
		ids.user = seededUsers(fake.tenantId)[0].id;
	});

	afterAll(async () => {
		await fake?.close();
	});

	async function run(parameters: IDataObject): Promise<IDataObject[]> {
		const { output } = await runNode({ parameters, credentials: credentials as never });
		return output.map((item) => item.json);
	}

	/** Default parameters only: what a user gets before touching Simplify. `prepare` sets up, in the fake, what the case needs. */
	const cases: Array<[string, () => IDataObject, (() => Promise<void>)?]> = [
		['lead/get', () => ({ leadId: byId(ids.lead) })],
		['lead/getAll', () => ({ returnAll: true })],
		['lead/convert', () => ({ leadId: byId(ids.leadToConvert), projectFields: { name: 'Converted' } })],
		['project/create', () => ({ address: '434 Brannan St, San Francisco, CA 94107', additionalFields: { customer_first_name: 'Jane' } })],
		['project/get', () => ({ projectId: byId(ids.project) })],
		['project/getAll', () => ({ returnAll: true })],
		['project/update', () => ({ projectId: byId(ids.project), updateFields: { status: 'Site survey' } })],
		['design/get', () => ({ projectId: byId(ids.project), designId: byId(ids.design) })],
		['design/getAll', () => ({ projectId: byId(ids.project), returnAll: true })],
		['design/getSummary', () => ({ projectId: byId(ids.project), designId: byId(ids.design) })],
		['design/getPricing', () => ({ projectId: byId(ids.project), designId: byId(ids.design) })],
		['design/getAssets', () => ({ projectId: byId(ids.project), designId: byId(ids.design), returnAll: true })],
		['design/getRoofSummary', () => ({ projectId: byId(ids.project), designId: byId(ids.design) })],
		[
			'webhook/create',
			() => ({
				event: 'lead_created',
				urlTemplate: 'https://n8n.example.com/webhook/aurora?lead_id=<LEAD_ID>&aurora_secret=s3cret',
				additionalFields: { description: 'schema test', header_auth_key: 'X-Webhook-Secret', header_auth_value: 's3cret' },
			}),
		],
		['webhook/get', () => ({ webhookId: byId(ids.webhook) })],
		['webhook/getAll', () => ({ returnAll: true })],
		['webhook/update', () => ({ webhookId: byId(ids.webhook), updateFields: { enabled: false } })],
		['webhook/delete', () => ({ webhookId: byId(ids.webhook) })],
		// The sales loop. consumptionProfile/update fills in the profile that get then reads.
		[
			'consumptionProfile/update',
			() => ({ projectId: byId(ids.project), usageInput: 'monthly_energy', usageValues: '850, 780, 820, 900, 1100, 1300, 1500, 1450, 1200, 950, 860, 830' }),
		],
		['consumptionProfile/get', () => ({ projectId: byId(ids.project) })],
		// designRequest/create makes the request that get, getAll and (once the design team completed it) accept use.
		['designRequest/create', () => ({ projectId: byId(ids.project), additionalFields: { notes: 'Model the south roof' } })],
		['designRequest/get', () => ({ designRequestId: byId(ids.designRequest) })],
		['designRequest/getAll', () => ({ projectId: byId(ids.project), returnAll: true })],
		[
			'designRequest/accept',
			() => ({ designRequestId: byId(ids.designRequest) }),
			async () => {
				await admin.completeDesignRequest(ids.designRequest);
			},
		],
		[
			'agreement/get',
			() => ({ agreementId: byId(ids.agreement) }),
			async () => {
				ids.agreement = (await admin.createAgreement({ projectId: ids.project, designId: ids.design })).id;
			},
		],
		['agreement/getAll', () => ({ projectId: byId(ids.project), returnAll: true })],
		['webProposal/get', () => ({ designId: byId(ids.design) })],
		['webProposal/generateUrl', () => ({ designId: byId(ids.design) })],
		['user/get', () => ({ userId: byId(ids.user) })],
		['user/getAll', () => ({ returnAll: true })],
		['tenant/get', () => ({})],
	];

	it('covers every operation of the node', () => {
		expect(cases.map(([name]) => name).sort()).toEqual(nodeOperations());
	});

	// In order: webhook/create makes the subscription that get, update and delete then use; designRequest/create the request the others use.
	it.each(cases.map(([name, parameters, prepare]) => ({ name, parameters, prepare })))('$name', async ({ name, parameters, prepare }) => {
		const [resource, operation] = name.split('/');
		await prepare?.();
		const items = await run({ resource, operation, ...parameters() });
		expect(items.length).toBeGreaterThan(0);
		expect(violations(name, items)).toEqual([]);
		if (name === 'webhook/create') ids.webhook = String(items[0].id);
		if (name === 'designRequest/create') ids.designRequest = String(items[0].id);
		// A schema that names none of the output's fields would accept anything: each names them all.
		const properties = Object.keys(loadSchema(name).properties ?? {});
		for (const item of items) expect(Object.keys(item).filter((key) => !properties.includes(key))).toEqual([]);
	});
});

describe('the check fails on outputs that do not match', () => {
	it('a field of the wrong type', () => {
		expect(violations('lead/get', [{ id: 'x', latitude: '37.7', first_name: null }])).toEqual(
			expect.arrayContaining([expect.stringContaining('.latitude should be number,null')]),
		);
		expect(violations('webhook/delete', [{ deleted: 'yes' }])).toEqual(['item 0.deleted should be boolean']);
		expect(violations('design/getSummary', [{ design_id: 'd', arrays: [{ module: { count: '12' } }] }])).toEqual([
			"item 0.arrays[0].module.count should be number,null",
		]);
	});

	it('a missing field that the operation always outputs', () => {
		expect(violations('webhook/delete', [{}])).toEqual(["item 0 should have required property 'deleted'"]);
	});

	it('an operation without a schema', () => {
		expect(schemaPathFor('lead/noSuchOperation')).toBe(path.join(SCHEMA_ROOT, 'v1.0.0', 'lead', 'noSuchOperation.json'));
		expect(() => loadSchema('lead/noSuchOperation')).toThrow(/ENOENT/);
	});
});
