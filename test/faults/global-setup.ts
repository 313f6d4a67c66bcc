import { execFileSync } from 'child_process';
import path from 'path';

import { packProject } from '../../devkit/n8n/install-package';
import { ensureRuntime, selectedVersions } from '../../devkit/n8n/runtime-cache';
import { clearResults, recordRun } from './support/results';
import { FAULTS_N8N_VERSION, faultsScale } from './support/scale';

const root = path.join(__dirname, '..', '..');

/** Once per run: runtime cache, build, pack (the e2e support reads the tarball from AURORA_E2E_TARBALL). */
export default async function globalSetup(): Promise<void> {
	faultsScale();
	// The classic sections run on FAULTS_N8N_VERSION; the scenario files on every selected version.
	await ensureRuntime([...new Set([FAULTS_N8N_VERSION, ...selectedVersions()])], (line) => process.stderr.write(`[runtime] ${line}\n`));
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	process.env.AURORA_E2E_TARBALL = await packProject(root, path.join(root, '.tmp', 'faults-pack'));
	clearResults();
	recordRun({ startedAt: new Date().toISOString(), scale: faultsScale(), startedMs: Date.now() });
}
