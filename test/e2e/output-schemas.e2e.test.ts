/**
 * The action node's output schemas, as the editor fetches them from a real n8n (each pinned version)
 * with the packed package community-installed. Before a node has run, the editor's schema view asks
 * `GET /schemas/<node type>/<x.y.z>/<resource>/<operation>.json` (version padded to three parts,
 * no credentials) and shows the fields it answers; n8n serves the file
 * `<folder of the node's .js>/__schema__/v<x.y.z>/<resource>/<operation>.json`.
 */
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

import { http } from '../../devkit/http';
import { installPackageTarball } from '../../devkit/n8n/install-package';
import { N8nInstance } from '../../devkit/n8n/n8n-instance';
import { selectedVersions } from '../../devkit/n8n/runtime-cache';
import { ACTION_TYPE } from '../../devkit/stack/stack';

const SCHEMA_DIR = path.join(__dirname, '..', '..', 'nodes', 'AuroraSolar', '__schema__', 'v1.0.0');

/** Every schema in the repository, as `resource/operation`. */
function schemaNames(): string[] {
	return readdirSync(SCHEMA_DIR).flatMap((resource) =>
		readdirSync(path.join(SCHEMA_DIR, resource)).map((file) => `${resource}/${file.replace(/\.json$/, '')}`),
	);
}

describe.each(selectedVersions())('n8n %s serves the action node output schemas', (version) => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		const tarball = process.env.AURORA_E2E_TARBALL;
		if (!tarball) throw new Error('AURORA_E2E_TARBALL is not set: run through jest.e2e.config.js (its global setup packs the package)');
		n8n = new N8nInstance({ version });
		await installPackageTarball(n8n.userFolder, tarball);
		await n8n.start();
		await n8n.setupOwner();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('knows the action node type', async () => {
		expect(await n8n.nodeTypeNames()).toContain(ACTION_TYPE);
	});

	it.each(schemaNames())('answers %s with the packaged file, without a session, as the editor asks', async (name) => {
		const url = `${n8n.baseUrl}/schemas/${ACTION_TYPE}/1.0.0/${name}.json`;
		const res = await http('GET', url);
		expect(res.status).toBe(200);
		expect(res.json).toEqual(JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${name}.json`), 'utf8')));
		// What the editor checks before it uses an answer (getSchemaPreview: "Invalid JSON schema" otherwise).
		const schema = res.json as { type?: unknown; properties?: Record<string, unknown> };
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
	});

	it('answers 404 for an operation without a schema and for an unpadded version', async () => {
		expect((await http('GET', `${n8n.baseUrl}/schemas/${ACTION_TYPE}/1.0.0/lead/noSuchOperation.json`)).status).toBe(404);
		// 2.41.1 pads "1" to v1.0.0 itself; 1.123.81 looks for v1 literally. The editor always sends 1.0.0.
		const unpadded = (await http('GET', `${n8n.baseUrl}/schemas/${ACTION_TYPE}/1/lead/get.json`)).status;
		expect(unpadded).toBe(version.startsWith('1.') ? 404 : 200);
	});
});
