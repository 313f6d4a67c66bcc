import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import path from 'path';
import { pathToFileURL } from 'url';

/**
 * n8n's community-package scanner (@n8n/scan-community-package), with its own rules and its own
 * two legs, on local folders instead of a published version:
 *
 *   source:  analyzePackage(<working tree>, SOURCE_FILE_PATTERNS)
 *   tarball: analyzePackage(<unpacked `npm pack`>, ['**\/*.js', 'package.json'])
 *
 * These are the calls its analyzePackageByName makes after downloading the attested source and the
 * tarball from GitHub and npm. That function (and the CLI) is not used: it needs the package on npm
 * with provenance, and the network. Run `npm run build` first: the tarball leg packs dist/.
 *
 * The scanner depends on typescript 7, which @typescript-eslint/parser cannot use. package.json may
 * not carry an "overrides" field (the scanner's own no-overrides-field rule rejects it), so the
 * root devDependency typescript 5.9.3 keeps the hoisted parser on 5.x, and typescript 7 stays
 * nested, unused, under the scanner. checkParserTypescript() fails the scan if that ever changes.
 */

interface AnalysisResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(packageDir: string, filePatterns?: string[]): Promise<AnalysisResult>;
	SOURCE_FILE_PATTERNS: string[];
}

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const root = path.join(__dirname, '..', '..');
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [root] });
const fromScanner = createRequire(scannerPath);

/** The typescript that the scanner's @typescript-eslint/parser loads must be 5.x. */
function checkParserTypescript(): string | undefined {
	const parser = fromScanner.resolve('@typescript-eslint/parser');
	const typescriptPackage = createRequire(parser).resolve('typescript/package.json');
	const { version } = JSON.parse(readFileSync(typescriptPackage, 'utf8')) as { version: string };
	if (version.startsWith('5.')) return undefined;
	return `the scanner's @typescript-eslint/parser (${parser}) loads typescript ${version} from ${typescriptPackage}; it needs 5.x. Keep typescript 5.9.x as a root devDependency so that npm hoists it.`;
}

/** The files a leg lints, found the way analyzePackage finds them, for the summary line. */
function countFiles(dir: string, patterns: string[]): number {
	const glob = fromScanner('fast-glob') as { sync(patterns: string[], options: object): string[] };
	return glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] }).length;
}

async function leg(scanner: Scanner, name: string, dir: string, patterns: string[]): Promise<boolean> {
	const files = countFiles(dir, patterns);
	const result = await scanner.analyzePackage(dir, patterns);
	if (result.passed && files > 0) {
		console.log(`scan ${name}: passed, ${files} files (${patterns.join(', ')})`);
		return true;
	}
	console.error(`scan ${name}: FAILED: ${result.passed ? `no files match ${patterns.join(', ')} in ${dir}` : result.message}`);
	if (result.details) console.error(result.details);
	return false;
}

/** Packs the package into `into` and unpacks it there; returns the folder, or what is wrong with the tarball. */
function unpackTarball(into: string): { dir: string } | { problem: string } {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: root, encoding: 'utf8' }),
	) as Array<{ filename: string }>;
	const packageDir = path.join(into, 'package');
	execFileSync('tar', ['-xzf', path.join(into, packed.filename), '-C', into]);
	const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((file) => !existsSync(path.join(packageDir, file)));
	if (missing.length > 0) return { problem: `the tarball lacks ${missing.join(', ')}. Is dist/ complete? Run \`npm run build\`.` };
	return { dir: packageDir };
}

async function main(): Promise<number> {
	if (!existsSync(path.join(root, 'dist'))) {
		console.error('scan: dist/ is missing. Run `npm run build` first: the tarball leg scans what `npm pack` publishes.');
		return 1;
	}
	const typescriptProblem = checkParserTypescript();
	if (typescriptProblem) {
		console.error(`scan: ${typescriptProblem}`);
		return 1;
	}
	const scanner = (await import(pathToFileURL(scannerPath).href)) as Scanner;
	// The scanner makes a temp dir when it loads and removes it on exit only when asked to.
	(fromScanner('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();

	const sourceOk = await leg(scanner, 'source (working tree)', root, scanner.SOURCE_FILE_PATTERNS);
	const work = mkdtempSync(path.join(tmpdir(), 'aurora-scan-'));
	try {
		const tarball = unpackTarball(work);
		if ('problem' in tarball) {
			console.error(`scan tarball (npm pack): ${tarball.problem}`);
			return 1;
		}
		const tarballOk = await leg(scanner, 'tarball (npm pack)', tarball.dir, TARBALL_FILE_PATTERNS);
		return sourceOk && tarballOk ? 0 : 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error('scan: could not run the scanner:', error);
		process.exit(1);
	},
);
