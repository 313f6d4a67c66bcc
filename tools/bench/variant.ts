/**
 * The trigger at version 1.1 (the default for new workflows since the benchmark recommended it)
 * against version 1 (what workflows saved before then keep). Both are in the same tarball, so the
 * "variant" is the package as built; only the workflow's typeVersion differs.
 */
import { packProject } from '../../devkit/n8n/install-package';

export const VARIANT_TRIGGER_VERSION = 1.1;

export async function buildVariantTarball(repoRoot: string): Promise<string> {
	return await packProject(repoRoot);
}
