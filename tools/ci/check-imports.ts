/**
 * Fails when imports run the wrong way (devkit/import-rules.ts) anywhere in the repository, or when a
 * file in nodes/ or credentials/ imports, directly or through others, a file that imports it back.
 * `npm run check:imports`; CI runs it.
 */
import path from 'path';

import { importCycles, importGraph, ruleViolations } from '../../devkit/import-graph';
import { IMPORT_ROOTS, IMPORT_RULES } from '../../devkit/import-rules';

const root = path.join(__dirname, '..', '..');
const all = importGraph(root, IMPORT_ROOTS);
const violations = ruleViolations(all, IMPORT_RULES);
const shipped = importGraph(root, ['nodes', 'credentials']);
const cycles = importCycles(shipped);
for (const { file, imports, why } of violations) console.error(`${file} imports ${imports}: ${why}`);
for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' ↔ ')}`);
if (violations.length > 0 || cycles.length > 0) process.exit(1);
console.log(`imports run one way in ${all.size} files; no import cycles in the ${shipped.size} files of nodes/ and credentials/`);
