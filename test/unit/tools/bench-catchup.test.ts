/**
 * The catch-up bench's model and report plumbing (tools/bench): counts only, never timings. The model
 * runs on a virtual clock, so its figures are deterministic; what is checked is what the report states
 * as the model's assumptions (90 accepted requests a minute, 6 attempts, 1 request per attempt).
 */
import { capacityWithoutCatchUp, runBurstModel } from '../../../tools/bench/catchup-model';
import { CATCH_UP_END, CATCH_UP_START, spliceCatchUp, withTargetRows } from '../../../tools/bench/catchup-report';
import { KeyWindow } from '../../../tools/bench/sim-clock';
import { budgetTimeline } from '../../../tools/bench/sweep-budget';

describe('KeyWindow (the fake\'s sliding window, on a virtual clock)', () => {
	it('accepts 90 requests in a window, refuses the 91st until the first leaves, and does not count refusals', () => {
		const key = new KeyWindow(90, 60_000);
		for (let index = 0; index < 90; index++) expect(key.request(0).ok).toBe(true);
		expect(key.request(1_000)).toEqual({ ok: false, retryAfterS: 59 });
		expect(key.request(59_999).ok).toBe(false);
		expect(key.request(60_000).ok).toBe(true);
	});

	it('lets another tool take its slots first', () => {
		const key = new KeyWindow(3, 60_000, [0, 1, 2]);
		expect(key.request(10).ok).toBe(false);
		expect(key.othersRefused).toBe(0);
	});
});

describe('the burst model', () => {
	it('without the catch-up, 5 waves of 90 carry 450 leads and the 451st is lost', () => {
		expect(runBurstModel({ leads: 450 }).lost).toBe(0);
		expect(runBurstModel({ leads: 451 }).lost).toBe(1);
		expect(capacityWithoutCatchUp(0)).toBe(450);
	});

	it('with the catch-up, every lead of a burst reaches the workflow', () => {
		const result = runBurstModel({ leads: 1_000, catchUp: { existing: 500, passStartedBeforeMs: 7 * 60_000, pageMs: 10, passOnMs: 500 } });
		expect(result.lost).toBe(0);
		expect(result.byWebhook + result.caughtUp).toBe(1_000);
		expect(result.byWebhook).toBeGreaterThanOrEqual(90);
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
