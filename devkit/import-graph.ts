import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import path from 'path';

import ts from 'typescript';

/**
 * The import graph of the package's own TypeScript files, and its cycles. A cycle means two modules
 * each need the other to load, which hides which of them owns a concept; `npm run check:imports` and a
 * unit test keep `nodes/` and `credentials/` free of them, and the repository to its layer rules. Type-only imports count too: they tie the
 * files together just the same for a reader.
 */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(directory: string): string[] {
	const files: string[] = [];
	for (const name of readdirSync(directory)) {
		const full = path.join(directory, name);
		if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
		else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(full);
	}
	return files;
}

/** A relative specifier as TypeScript resolves it: `x.ts`, or `x/index.ts`; undefined for packages. */
function resolve(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.resolve(path.dirname(from), specifier);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
	return undefined;
}

/** Every file under `roots` and the files of the same tree it imports (paths relative to `rootDir`). */
export function importGraph(rootDir: string, roots: string[]): ImportGraph {
	const graph: ImportGraph = new Map();
	for (const file of roots.filter((root) => existsSync(path.join(rootDir, root))).flatMap((root) => sourceFiles(path.join(rootDir, root)))) {
		const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
		const targets = importedFiles
			.map((imported) => resolve(file, imported.fileName))
			.filter((target): target is string => target !== undefined)
			.map((target) => path.relative(rootDir, target));
		graph.set(path.relative(rootDir, file), [...new Set(targets)]);
	}
	return graph;
}

/** Each group of files that import each other, directly or through others (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];

	const visit = (file: string): void => {
		index.set(file, counter);
		low.set(file, counter);
		counter++;
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
			} else if (onStack.has(target)) {
				low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
			}
		}
		if (low.get(file) !== index.get(file)) return;
		const component: string[] = [];
		let member: string | undefined;
		do {
			member = stack.pop();
			if (member === undefined) break;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		const selfImport = (graph.get(file) ?? []).includes(file);
		if (component.length > 1 || selfImport) cycles.push(component.sort());
	};

	for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
	return cycles;
}

/** Files under `files` must not import files under any of `mustNotImport`, except files under `unless`. */
export interface ImportRule {
	files: string;
	mustNotImport: string[];
	unless?: string;
	/** Why, in the words a violation is reported with. */
	why: string;
}

export interface RuleViolation {
	file: string;
	imports: string;
	why: string;
}

const under = (file: string, folder: string) => file === folder || file.startsWith(folder.endsWith('/') ? folder : `${folder}/`);

/** Every import in the graph that breaks a rule (paths relative to the root the graph was built from, with `/`). */
export function ruleViolations(graph: ImportGraph, rules: ImportRule[]): RuleViolation[] {
	const violations: RuleViolation[] = [];
	for (const [rawFile, targets] of graph) {
		const file = rawFile.split(path.sep).join('/');
		for (const rule of rules) {
			if (!under(file, rule.files) || (rule.unless && under(file, rule.unless))) continue;
			for (const rawTarget of targets) {
				const target = rawTarget.split(path.sep).join('/');
				if (rule.mustNotImport.some((folder) => under(target, folder))) violations.push({ file, imports: target, why: rule.why });
			}
		}
	}
	return violations;
}
