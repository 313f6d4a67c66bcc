/**
 * Builds and packs the package with the node change the benchmark recommends
 * (recommended-node-change.diff), in a temporary copy of the repository: nodes/ in the repository
 * is never touched. Lets the benchmark show what the change is worth before anyone makes it.
 */
import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { packProject } from '../../test/harness/install-package';

export const VARIANT_TRIGGER_VERSION = 1.1;

export async function buildVariantTarball(repoRoot: string): Promise<string> {
	const copy = mkdtempSync(path.join(tmpdir(), 'aurora-bench-variant-'));
	for (const entry of ['package.json', 'tsconfig.json', 'gulpfile.js', 'nodes', 'credentials', 'README.md', 'LICENSE.md', 'CHANGELOG.md']) {
		cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
	}
	symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
	execFileSync('patch', ['-p1', '-i', path.join(__dirname, 'recommended-node-change.diff')], { cwd: copy, stdio: 'ignore' });
	execFileSync('npm', ['run', 'build'], { cwd: copy, stdio: 'ignore' });
	return await packProject(copy, path.join(copy, '.pack'));
}
