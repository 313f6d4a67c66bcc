/**
 * The catch-up bench's model and report plumbing (tools/bench): counts only, never timings. The model
 * runs the real trigger on virtual time, so its figures are deterministic; what is checked is what the
 * report states as the model's assumptions (90 accepted requests a minute, 6 attempts, 1 request per
 * attempt) and that virtual time runs the package's asynchronous code as the real clock would.
 */
// The model runs the package as the bench does, with n8n's own sleep on virtual time, not the unit tests' stand-in.
jest.unmock('n8n-workflow');

import { capacityWithoutCatchUp, runBurstModel } from '../../../tools/bench/catchup-model';
import { CATCH_UP_END, CATCH_UP_START, spliceCatchUp, withTargetRows } from '../../../tools/bench/catchup-report';
import { budgetTimeline } from '../../../tools/bench/sweep-budget';
import { VirtualTime } from '../../../tools/bench/virtual-time';

describe('virtual time', () => {
	it('runs timers in time order, lets the promise chains they start settle, and restores the real clock', async () => {
		const time = new VirtualTime(1_000);
		const seen: string[] = [];
		time.at(5_000, () => seen.push(`b at ${Date.now()}`));
		time.at(2_000, () => {
			void (async () => {
				seen.push(`a at ${Date.now()}`);
				await new Promise((resolve) => setTimeout(resolve, 60_000));
				seen.push(`a again at ${Date.now()}`);
			})();
		});
		await time.run(10 * 60_000);
		expect(seen).toEqual(['a at 2000', 'b at 5000', 'a again at 62000']);
		expect(Date.now()).toBeGreaterThan(1_700_000_000_000);
	});
});

describe('the burst model', () => {
	it('without the catch-up, 5 waves of 90 carry 450 leads and the 451st is lost', async () => {
		expect((await runBurstModel({ leads: 450 })).lost).toBe(0);
		expect((await runBurstModel({ leads: 451 })).lost).toBe(1);
		expect(await capacityWithoutCatchUp(0)).toBe(450);
	});

	it('with the real catch-up engine, every lead of a burst reaches the workflow, through the list requests it sends', async () => {
		const result = await runBurstModel({ leads: 1_000, catchUp: { existing: 500, passStartedBeforeMs: 7 * 60_000, pageMs: 10, passOnMs: 500 } });
		expect(result.lost).toBe(0);
		expect(result.byWebhook + result.caughtUp).toBe(1_000);
		expect(result.byWebhook).toBeGreaterThanOrEqual(90);
		expect(result.caughtUp).toBeGreaterThan(0);
		expect(result.listRequests).toBeGreaterThanOrEqual(Math.ceil(1_500 / 250));
	});
});

describe('the sweep on a virtual clock', () => {
	it('never sends more list requests in an hour than the budget allows', () => {
		const timeline = budgetTimeline(401, 10);
		expect(timeline.busiestHour).toBeLessThanOrEqual(540);
		expect(timeline.requestsPerPass).toBe(401);
	});
});

describe('the catch-up section of docs/benchmarks.md', () => {
	const report = ['# Benchmarks', '', '| target | a |', '|---|---|', '| x | 1 |', '| 0 lost | see |', '', '## 3. Package', '', 'package text', ''].join('\n');
	const section = (text: string) => `${CATCH_UP_START}\n## 4. Catch-up\n\n${text}\n${CATCH_UP_END}`;

	it('is added after "3. Package", then replaced between its markers, with its target rows before "0 lost"', () => {
		const first = spliceCatchUp(report, section('first'), ['| catch-up: one | 1 |']);
		expect(first).toContain('package text\n\n' + section('first'));
		expect(first).toContain('| x | 1 |\n| catch-up: one | 1 |\n| 0 lost | see |');
		const second = spliceCatchUp(first, section('second'), ['| catch-up: two | 2 |']);
		expect(second).not.toContain('first');
		expect(second).not.toContain('catch-up: one');
		expect(second.replace(section('second'), '').replace('| catch-up: two | 2 |\n', '')).toBe(first.replace(section('first'), '').replace('| catch-up: one | 1 |\n', ''));
	});

	it('keeps rows of other sections untouched', () => {
		expect(withTargetRows(report, [])).toBe(report);
	});
});
