/** The runtime cache, the build and the tarball: what the demo needs before anything starts. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { runOk } from '../../devkit/exec';
import { packProject } from '../../devkit/n8n/install-package';
import { ensureRuntime, isN8nInstalled, isNode24Installed } from '../../devkit/n8n/runtime-cache';
import { BUILD_LOG, DEMO_DIR, N8N_VERSION, PACK_DIR, REPO_ROOT } from './options';

/** True when Node 24 and n8n are already cached (no download needed). */
export function runtimeCached(): boolean {
	return isNode24Installed() && isN8nInstalled(N8N_VERSION);
}

/** Node 24 + n8n N8N_VERSION only, from the shared cache; installs them on first use. */
export async function ensureDemoRuntime(log: (line: string) => void): Promise<void> {
	await ensureRuntime([N8N_VERSION], log);
}

/** `npm run build` (output in .demo/build.log). */
export async function buildPackage(): Promise<void> {
	fs.mkdirSync(DEMO_DIR, { recursive: true });
	fs.writeFileSync(BUILD_LOG, '');
	await runOk('npm', ['run', 'build'], { cwd: REPO_ROOT, logFile: BUILD_LOG, timeoutMs: 5 * 60_000 });
}

/** `npm pack` into .demo/pack/; returns the tarball's path. */
export async function packTarball(): Promise<string> {
	fs.rmSync(PACK_DIR, { recursive: true, force: true });
	return packProject(REPO_ROOT, PACK_DIR);
}

export function relative(file: string): string {
	return path.relative(REPO_ROOT, file) || '.';
}
