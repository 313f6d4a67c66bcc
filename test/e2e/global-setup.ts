import path from 'path';

import { ensureRuntime, selectedVersions } from '../../devkit/n8n/runtime-cache';
import { suiteTarball } from '../../devkit/n8n/suite-tarball';

const root = path.join(__dirname, '..', '..');

/**
 * Once per e2e run: make sure Node 24 and the pinned n8n versions are cached, then build and pack
 * the package exactly as it would be published (or take CI's tarball). Tests install it into each n8n.
 */
export default async function globalSetup(): Promise<void> {
	await ensureRuntime(selectedVersions(), (line) => process.stderr.write(`[runtime] ${line}\n`));
	process.env.AURORA_E2E_TARBALL = await suiteTarball(root, '.tmp/e2e-pack');
}
