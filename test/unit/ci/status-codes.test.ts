/**
 * What a failed Aurora call means is decided once, in the transport (transport/failure.ts): no other
 * file of the package branches on an HTTP status number. The pattern is tested on planted lines, so
 * that a clean result means something.
 */
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const TRANSPORT = path.join('nodes', 'AuroraSolar', 'transport');

/** A status compared with, or looked up among, three-digit numbers. */
const BRANCHES_ON_STATUS = /status(Code)?\b\s*(===|!==|==|!=|>=|<=|>|<)\s*\d{3}|\d{3}\s*(===|!==|==|!=|>=|<=|>|<)\s*\S*status|\[\s*\d{3}\s*(,\s*\d{3}\s*)*\]\s*\.includes\([^)]*status/;

function files(directory: string): string[] {
	return (readdirSync(path.join(root, directory), { recursive: true }) as string[])
		.filter((file) => file.endsWith('.ts'))
		.map((file) => path.join(directory, file));
}

describe('status codes', () => {
	it.each([
		['failure.status === 404', true],
		['result.failure.status !== 404', true],
		['[400, 404, 405, 422].includes(result.failure.status ?? 0)', true],
		['status >= 500', true],
		['response.statusCode === 401', true],
		['failure.status !== undefined ? { httpCode: String(failure.status) } : {}', false],
		['if (isGone(result.failure)) return', false],
	])('the pattern reads %s as branching on a status: %s', (line, branches) => {
		expect(BRANCHES_ON_STATUS.test(line)).toBe(branches);
	});

	it('are read only in nodes/AuroraSolar/transport/', () => {
		const offending = [...files('nodes'), ...files('credentials')]
			.filter((file) => !file.startsWith(TRANSPORT))
			.flatMap((file) =>
				readFileSync(path.join(root, file), 'utf8')
					.split('\n')
					.map((line, index) => ({ line, where: `${file}:${index + 1}` }))
					.filter(({ line }) => BRANCHES_ON_STATUS.test(line))
					.map(({ line, where }) => `${where}: ${line.trim()}`),
			);
		expect(offending).toEqual([]);
	});
});
