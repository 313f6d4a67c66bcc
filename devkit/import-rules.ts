import type { ImportRule } from './import-graph';

/**
 * Which way imports run in this repository (docs/architecture.md, "The tree"): the package never
 * reaches into what does not ship, the shared dev kit into neither user of it, and the trigger and the
 * action node each only into what both share. `npm run check:imports` and a unit test enforce them.
 */
export const IMPORT_ROOTS = ['nodes', 'credentials', 'devkit', 'tools', 'test'];

const NODE = 'nodes/AuroraSolar';

export const IMPORT_RULES: ImportRule[] = [
	{ files: 'nodes', mustNotImport: ['devkit', 'tools', 'test'], why: 'the package ships only nodes/ and credentials/' },
	{ files: 'credentials', mustNotImport: ['devkit', 'tools', 'test', 'nodes'], why: 'the credential depends on nothing but n8n' },
	{ files: 'devkit', mustNotImport: ['tools', 'test'], why: 'devkit/ serves test/ and tools/ and imports neither' },
	{ files: 'tools', mustNotImport: ['test'], why: 'tools/ never imports test/' },
	{ files: 'test', mustNotImport: ['tools'], unless: 'test/unit/tools', why: 'test/ imports tools/ only to test a tool (test/unit/tools/)' },
	{ files: `${NODE}/transport`, mustNotImport: [`${NODE}/trigger`, `${NODE}/actions`], why: 'the transport serves both nodes and imports neither' },
	{ files: `${NODE}/trigger`, mustNotImport: [`${NODE}/actions`], why: 'the trigger and the action node never import each other' },
	{ files: `${NODE}/actions`, mustNotImport: [`${NODE}/trigger`], why: 'the trigger and the action node never import each other' },
];
