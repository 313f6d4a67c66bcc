import path from 'path';

import { ensureRuntime, selectedVersions } from '../../devkit/n8n/runtime-cache';
import { suiteTarball } from '../../devkit/n8n/suite-tarball';
import { clearResults, recordRun } from './support/results';
import { FAULTS_N8N_VERSION, faultsScale } from './support/scale';

const root = path.join(__dirname, '..', '..');

/** Once per run: runtime cache, build, pack (the e2e support reads the tarball from AURORA_E2E_TARBALL). */
export default async function globalSetup(): Promise<void> {
	faultsScale();
	// The classic sections run on FAULTS_N8N_VERSION; the scenario files on every selected version.
	await ensureRuntime([...new Set([FAULTS_N8N_VERSION, ...selectedVersions()])], (line) => process.stderr.write(`[runtime] ${line}\n`));
	process.env.AURORA_E2E_TARBALL = await suiteTarball(root, '.tmp/faults-pack');
	clearResults();
	recordRun({ startedAt: new Date().toISOString(), scale: faultsScale(), startedMs: Date.now() });
}
