/**
 * Build a function that trims a workflow JSON (as exported from the editor) down to what the
 * public API's POST /api/v1/workflows accepts in a given n8n version.
 *
 * The rules come from the OpenAPI document n8n ships (node_modules/n8n/dist/public-api/v1/openapi.yml):
 * the request body has additionalProperties: false and marks id, active, tags, meta, versionId, ...
 * as readOnly, and the settings and node objects list their allowed keys. Reading it per version
 * avoids hard-coding lists that differ between 1.123.81 and 2.41.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Schema = {
	$ref?: string;
	type?: string;
	properties?: Record<string, Schema>;
	items?: Schema;
	readOnly?: boolean;
	allOf?: Schema[];
	additionalProperties?: boolean | Schema;
};

export type WorkflowSanitizer = (wf: Record<string, unknown>) => Record<string, unknown>;

interface Allowed {
	top: Set<string>;
	settings?: Set<string>;
	node?: Set<string>;
}

/** Fallback when the OpenAPI file cannot be read: the fields both pinned versions accept. */
const FALLBACK: Allowed = {
	top: new Set(['name', 'nodes', 'connections', 'settings', 'staticData']),
	settings: new Set([
		'saveExecutionProgress',
		'saveManualExecutions',
		'saveDataErrorExecution',
		'saveDataSuccessExecution',
		'executionTimeout',
		'errorWorkflow',
		'timezone',
		'executionOrder',
	]),
	node: new Set([
		'id', 'name', 'webhookId', 'disabled', 'notesInFlow', 'notes', 'type', 'typeVersion', 'executeOnce',
		'alwaysOutputData', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'continueOnFail', 'onError',
		'position', 'parameters', 'credentials',
	]),
};

function loadYaml(n8nRuntimeDir: string, file: string): unknown {
	const req = require as NodeJS.Require;
	const yamlPath = req.resolve('js-yaml', { paths: [path.join(n8nRuntimeDir, 'node_modules', 'n8n')] });
	const yaml = req(yamlPath) as { load: (s: string) => unknown };
	return yaml.load(fs.readFileSync(file, 'utf8'));
}

function resolver(doc: Record<string, unknown>): (s: Schema | undefined) => Schema | undefined {
	const deref = (s: Schema | undefined, depth = 0): Schema | undefined => {
		if (!s || depth > 20) return s;
		if (s.$ref) {
			const parts = s.$ref.replace(/^#\//, '').split('/');
			let cur: unknown = doc;
			for (const p of parts) cur = (cur as Record<string, unknown> | undefined)?.[p];
			return deref(cur as Schema, depth + 1);
		}
		if (s.allOf) {
			const merged: Schema = { type: 'object', properties: {} };
			for (const part of s.allOf) Object.assign(merged.properties as object, deref(part, depth + 1)?.properties ?? {});
			return merged;
		}
		return s;
	};
	return deref;
}

function writableKeys(s: Schema | undefined, deref: (s: Schema | undefined) => Schema | undefined): Set<string> | undefined {
	const r = deref(s);
	if (!r?.properties) return undefined;
	return new Set(Object.entries(r.properties).filter(([, v]) => !deref(v)?.readOnly).map(([k]) => k));
}

/** The allowed keys for POST /workflows in this n8n install (undefined if the spec cannot be read). */
export function allowedWorkflowFields(n8nRuntimeDir: string): Allowed | undefined {
	const file = path.join(n8nRuntimeDir, 'node_modules', 'n8n', 'dist', 'public-api', 'v1', 'openapi.yml');
	if (!fs.existsSync(file)) return undefined;
	try {
		const doc = loadYaml(n8nRuntimeDir, file) as Record<string, unknown>;
		const deref = resolver(doc);
		const paths = doc.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
		const body = deref(paths['/workflows']?.post?.requestBody?.content?.['application/json']?.schema);
		const props = body?.properties;
		if (!props) return undefined;
		const top = writableKeys(body, deref);
		if (!top) return undefined;
		const nodeItems = deref(deref(props.nodes)?.items);
		return { top, settings: writableKeys(props.settings, deref), node: writableKeys(nodeItems, deref) };
	} catch {
		return undefined;
	}
}

function pick(obj: Record<string, unknown>, keys: Set<string> | undefined): Record<string, unknown> {
	if (!keys) return { ...obj };
	return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.has(k)));
}

export function workflowSanitizer(n8nRuntimeDir: string): WorkflowSanitizer {
	const allowed = allowedWorkflowFields(n8nRuntimeDir) ?? FALLBACK;
	return (wf) => {
		const out = pick(wf, allowed.top);
		out.settings = pick((wf.settings as Record<string, unknown> | undefined) ?? {}, allowed.settings);
		out.connections = wf.connections ?? {};
		if (Array.isArray(wf.nodes)) out.nodes = (wf.nodes as Record<string, unknown>[]).map((n) => pick(n, allowed.node));
		// pinData / staticData of null are rejected by some versions' validators; `shared` (sharing
		// records of the exporting instance) is ignored by 2.41.1 and only risks a 400 on 1.123.81
		for (const k of ['pinData', 'staticData']) if (out[k] === null) delete out[k];
		delete out.shared;
		return out;
	};
}
