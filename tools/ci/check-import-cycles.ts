/**
 * Fails when a file in nodes/ or credentials/ imports, directly or through others, a file that
 * imports it back. `npm run check:cycles`; CI runs it.
 */
import path from 'path';

import { importCycles, importGraph } from '../../devkit/import-graph';

const root = path.join(__dirname, '..', '..');
const graph = importGraph(root, ['nodes', 'credentials']);
const cycles = importCycles(graph);
if (cycles.length > 0) {
	for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' ↔ ')}`);
	process.exit(1);
}
console.log(`no import cycles in ${graph.size} files of nodes/ and credentials/`);
