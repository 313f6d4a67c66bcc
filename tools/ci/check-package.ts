import { execFileSync } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

/**
 * What `npm pack` would publish: dist/ with the credential, both nodes and their icons, every file
 * the package.json "n8n" section names, the action node's output schemas, and no runtime dependencies.
 */
const root = path.join(__dirname, '..', '..');

/**
 * Every output schema in the source tree, at the path n8n reads it from: the folder of the node's
 * .js file, then `__schema__/v<x.y.z>/<resource>/<operation>.json` (the build copies them there).
 */
function outputSchemas(): string[] {
	const source = path.join(root, 'nodes', 'AuroraSolar', '__schema__');
	const files = (readdirSync(source, { recursive: true }) as string[]).filter((file) => file.endsWith('.json'));
	if (files.length === 0) throw new Error(`no output schemas found under ${source}`);
	return files.map((file) => `dist/nodes/AuroraSolar/__schema__/${file.split(path.sep).join('/')}`);
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	n8n: { credentials: string[]; nodes: string[] };
};
const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' })) as Array<{
	files: Array<{ path: string }>;
	size: number;
	unpackedSize: number;
}>;
const files = new Set(report.files.map((file) => file.path));
const required = [
	...pkg.n8n.credentials,
	...pkg.n8n.nodes,
	'dist/credentials/auroraSolar.svg',
	'dist/credentials/auroraSolar.dark.svg',
	'dist/nodes/AuroraSolar/auroraSolar.svg',
	'dist/nodes/AuroraSolar/auroraSolar.dark.svg',
	...outputSchemas(),
	'package.json',
	'README.md',
];
const missing = required.filter((file) => !files.has(file));
const outside = [...files].filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md'].includes(file));
const problems = [
	...missing.map((file) => `missing from the tarball: ${file}`),
	...outside.map((file) => `unexpected file in the tarball: ${file}`),
	...Object.keys(pkg.dependencies ?? {}).map((name) => `runtime dependency not allowed: ${name}`),
];
console.log(`tarball: ${report.files.length} files, ${report.size} bytes packed, ${report.unpackedSize} unpacked`);
if (problems.length > 0) {
	for (const problem of problems) console.error(problem);
	process.exit(1);
}
console.log('package contents OK: credential, both nodes, icons, output schemas; no runtime dependencies');
