import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';

import { renderReliability } from './support/report';
import { readRun, readSections } from './support/results';
import { faultsScale } from './support/scale';

const root = path.join(__dirname, '..', '..');

/** Writes the report: docs/reliability.md for a full run, .tmp/reliability.short.md for a short one. */
export default async function globalTeardown(): Promise<void> {
	const sections = readSections();
	if (sections.length === 0) return;
	const run = readRun();
	run.durationS = typeof run.startedMs === 'number' ? Math.round((Date.now() - (run.startedMs as number)) / 1000) : undefined;
	const scale = faultsScale();
	const command = scale === 'full' ? 'npm run test:faults' : 'FAULTS_SCALE=short npm run test:faults';
	const target = process.env.FAULTS_REPORT
		? path.resolve(root, process.env.FAULTS_REPORT)
		: scale === 'full' && ['no-lost-leads', 'hostile-deliveries', 'secrets'].every((name) => sections.some((section) => section.section === name))
			? path.join(root, 'docs', 'reliability.md')
			: path.join(root, '.tmp', `reliability.${scale}.md`);
	mkdirSync(path.dirname(target), { recursive: true });
	writeFileSync(target, renderReliability(sections, run, command));
	process.stderr.write(`[faults] wrote ${path.relative(root, target)}\n`);
}
