/** Re-renders docs/benchmarks.md from the raw results of the last run (.tmp/bench-results.json), without re-running. */
import { readFileSync } from 'fs';
import path from 'path';

import type { BenchResults } from './report';
import { writeReport } from './report';

const root = path.join(__dirname, '..', '..');
const results = JSON.parse(readFileSync(path.join(root, '.tmp', 'bench-results.json'), 'utf8')) as BenchResults;
writeReport(path.resolve(root, process.env.BENCH_OUT ?? 'docs/benchmarks.md'), results);
