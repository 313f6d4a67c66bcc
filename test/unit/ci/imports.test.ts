/**
 * Imports run one way (devkit/import-rules.ts), and no file of the package imports, directly or through
 * others, a file that imports it back. The checkers themselves are tested on small trees with planted
 * violations, so that a clean result means something.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { importCycles, importGraph, ruleViolations } from '../../../devkit/import-graph';
import { IMPORT_ROOTS, IMPORT_RULES } from '../../../devkit/import-rules';

function tree(files: Record<string, string>): string {
	const root = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
	for (const [name, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		writeFileSync(path.join(root, name), content);
	}
	return root;
}

describe('the import-cycle checker', () => {
	it('finds a cycle through a third file, type-only imports and index files included', () => {
		const root = tree({
			'src/a.ts': "import { b } from './b';\nexport const a = b;",
			'src/b.ts': "import type { C } from './c';\nexport const b = 1 as unknown as C;",
			'src/c/index.ts': "import { a } from '../a';\nexport type C = typeof a;",
			'src/d.ts': "import { a } from './a';\nimport { z } from 'zod';\nexport const d = [a, z];",
		});

		expect(importCycles(importGraph(root, ['src']))).toEqual([['src/a.ts', 'src/b.ts', 'src/c/index.ts']]);
	});

	it('finds a file that imports itself, and nothing in a tree that only imports one way', () => {
		expect(importCycles(importGraph(tree({ 'src/self.ts': "import './self';" }), ['src']))).toEqual([['src/self.ts']]);
		const oneWay = tree({ 'src/a.ts': "import './b';", 'src/b.ts': "import './c';", 'src/c.ts': 'export {};' });
		expect(importCycles(importGraph(oneWay, ['src']))).toEqual([]);
	});
});

describe('the layer rules', () => {
	const planted = () =>
		tree({
			'nodes/AuroraSolar/transport/request.ts': "import '../trigger/lock';\nexport {};",
			'nodes/AuroraSolar/trigger/lock.ts': "import { fake } from '../../../devkit/fake';\nexport const lock = fake;",
			'nodes/AuroraSolar/actions/router.ts': "import type { Lock } from '../trigger/lock';\nexport type R = Lock;",
			'devkit/fake.ts': "import '../tools/bench/model';\nexport const fake = 1;",
			'tools/bench/model.ts': "import '../../test/support/contexts';\nexport {};",
			'test/support/contexts.ts': 'export {};',
			'test/e2e/run.e2e.test.ts': "import '../../tools/bench/model';\nimport '../../devkit/fake';",
			'test/unit/tools/model.test.ts': "import '../../../tools/bench/model';",
		});

	it('finds each planted violation once, and lets a test of a tool import the tool', () => {
		const found = ruleViolations(importGraph(planted(), IMPORT_ROOTS), IMPORT_RULES).map(({ file, imports }) => `${file} → ${imports}`).sort();

		expect(found).toEqual([
			'devkit/fake.ts → tools/bench/model.ts',
			'nodes/AuroraSolar/actions/router.ts → nodes/AuroraSolar/trigger/lock.ts',
			'nodes/AuroraSolar/transport/request.ts → nodes/AuroraSolar/trigger/lock.ts',
			'nodes/AuroraSolar/trigger/lock.ts → devkit/fake.ts',
			'test/e2e/run.e2e.test.ts → tools/bench/model.ts',
			'tools/bench/model.ts → test/support/contexts.ts',
		]);
	});
});

describe('this repository', () => {
	const root = path.join(__dirname, '..', '..', '..');

	it('has no import cycle in nodes/ or credentials/', () => {
		const graph = importGraph(root, ['nodes', 'credentials']);

		expect(graph.size).toBeGreaterThan(50);
		expect(importCycles(graph)).toEqual([]);
	});

	it('keeps every layer rule', () => {
		const graph = importGraph(root, IMPORT_ROOTS);

		expect(graph.size).toBeGreaterThan(200);
		expect(ruleViolations(graph, IMPORT_RULES)).toEqual([]);
	});
});
