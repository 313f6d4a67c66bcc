import { execFileSync } from 'child_process';
import path from 'path';

import { packProject } from '../../devkit/n8n/install-package';
import { ensureRuntime, selectedVersions } from '../../devkit/n8n/runtime-cache';

const root = path.join(__dirname, '..', '..');

/**
 * Once per e2e run: make sure Node 24 and the pinned n8n versions are cached, then build and pack
 * the package exactly as it would be published. Tests install that tarball into each n8n.
 */
export default async function globalSetup(): Promise<void> {
	await ensureRuntime(selectedVersions(), (line) => process.stderr.write(`[runtime] ${line}\n`));
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	process.env.AURORA_E2E_TARBALL = await packProject(root, path.join(root, '.tmp', 'e2e-pack'));
}
