/**
 * No file of the package imports, directly or through others, a file that imports it back. The
 * checker itself is tested on small trees, so that a clean result means something.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { importCycles, importGraph } from '../../../devkit/import-graph';

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

describe('the package', () => {
	it('has no import cycle in nodes/ or credentials/', () => {
		const graph = importGraph(path.join(__dirname, '..', '..', '..'), ['nodes', 'credentials']);

		expect(graph.size).toBeGreaterThan(50);
		expect(importCycles(graph)).toEqual([]);
	});
});
