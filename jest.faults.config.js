/**
 * Fault-injection suite: the packed tarball in a real n8n 2.41.1, against the fake Aurora with
 * faults injected. FAULTS_SCALE=short (CI) or full (default; writes docs/reliability.md).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.faults.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/faults/global-setup.ts',
	globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
	testTimeout: 30 * 60_000,
	maxWorkers: 1,
};
