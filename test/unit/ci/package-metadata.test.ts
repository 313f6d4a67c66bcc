/**
 * What n8n's verification and npm show about the package: one GitHub repository named the same way
 * in every field, an author, and no runtime dependencies. RELEASING.md lists these fields for the
 * owner to fill in before the first publish.
 */
import { readFileSync } from 'fs';
import path from 'path';

interface PackageJson {
	homepage: string;
	bugs: { url: string };
	repository: { type: string; url: string };
	author: { name: string; email: string; url: string };
	dependencies?: Record<string, string>;
	n8n: { nodes: string[] };
}

const root = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
const repository = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(pkg.repository.url);

describe('package.json metadata', () => {
	it('names a GitHub repository as git+https://github.com/<owner>/<repo>.git', () => {
		expect(pkg.repository.type).toBe('git');
		expect(repository).not.toBeNull();
	});

	it('uses that same owner/repo for homepage, bugs and author, and in both nodes\' documentation links', () => {
		const [, owner, repo] = repository ?? [];
		const base = `https://github.com/${owner}/${repo}`;
		expect(pkg.homepage).toBe(`${base}#readme`);
		expect(pkg.bugs.url).toBe(`${base}/issues`);
		expect(pkg.author.url).toBe(`https://github.com/${owner}`);
		expect(pkg.author.name).not.toBe('');
		expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
		for (const node of pkg.n8n.nodes) {
			const codex = path.join(root, node.replace(/^dist\//, '').replace(/\.js$/, '.json'));
			const links = readFileSync(codex, 'utf8').match(/https:\/\/github\.com\/[^"#]+/g) ?? [];
			expect(links).toEqual(links.map(() => base));
		}
	});

	it('has no runtime dependencies', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
	});
});
