import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import path from 'path';

import { packProject } from './install-package';

/**
 * The tarball a real-n8n suite installs: the one in AURORA_E2E_TARBALL when it exists (CI packs once
 * for every suite, so that suites running side by side never rebuild dist/ under each other), or the
 * project built and packed into `packDir` now.
 */
export async function suiteTarball(root: string, packDir: string): Promise<string> {
	const given = process.env.AURORA_E2E_TARBALL;
	if (given && existsSync(given)) return given;
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	return await packProject(root, path.join(root, packDir));
}
