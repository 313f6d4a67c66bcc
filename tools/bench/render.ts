/**
 * Re-renders docs/benchmarks.md from the raw results of the last run (.tmp/bench-results.json), without
 * re-running. `render.ts catchup` re-renders only the catch-up section, from .tmp/bench-catchup.json.
 */
import { readFileSync } from 'fs';
import path from 'path';

import type { CatchUpResults } from './catchup-report';
import { writeCatchUpSection } from './catchup-report';
import type { BenchResults } from './report';
import { writeReport } from './report';

const root = path.join(__dirname, '..', '..');
const out = path.resolve(root, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
const raw = (file: string): unknown => JSON.parse(readFileSync(path.join(root, '.tmp', file), 'utf8'));
if (process.argv[2] === 'catchup') writeCatchUpSection(out, raw('bench-catchup.json') as CatchUpResults);
else writeReport(out, raw('bench-results.json') as BenchResults);
