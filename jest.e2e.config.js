/** End-to-end tests: the packed tarball inside a real n8n, against the fake Aurora. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.e2e.test.ts'],
	// CI's short scale leaves out the harness's own smoke test: every e2e file drives the same harness.
	testPathIgnorePatterns: process.env.E2E_SCALE === 'short' ? ['/node_modules/', '/test/harness/'] : ['/node_modules/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 600000,
	maxWorkers: 1,
};
