import { existsSync, readFileSync } from 'fs';

/**
 * Adds up the jest JSON reports CI wrote and prints one plain closing line,
 * "total: N passed, N failed, N skipped", which CI's log reader understands.
 */
interface JestReport {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests?: number;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) {
		console.log(`${file}: missing (that suite did not report)`);
		totals.failed += 1;
		continue;
	}
	const report = JSON.parse(readFileSync(file, 'utf8')) as JestReport;
	console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
	totals.passed += report.numPassedTests;
	totals.failed += report.numFailedTests;
	totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
