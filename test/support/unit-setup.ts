/**
 * Runs before every unit test file: n8n's `sleep` records the waits the package asks for and returns
 * almost at once (see sleeps.ts). The package has no test hooks of its own; this is where the tests
 * take the place of n8n.
 */
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	const { fakeSleep } = jest.requireActual<typeof import('./sleeps')>('./sleeps');
	return { ...actual, sleep: fakeSleep };
});
