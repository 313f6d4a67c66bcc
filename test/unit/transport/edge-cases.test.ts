import nock from 'nock';

import { searchLeads } from '../../../nodes/AuroraSolar/actions/list-search/searches';
import { auroraPaginate } from '../../../nodes/AuroraSolar/transport/paginate';
import { auroraRequestOne } from '../../../nodes/AuroraSolar/transport/request';
import { AURORA, TENANT_PATH, executeContext } from '../../support/contexts';
import { loadOptionsContext } from '../../support/load-options-context';
import { useNock } from '../../support/nock';

useNock();

describe('edges found in review', () => {
	it('keeps two equal id-less records that arrive on the same page', async () => {
		nock(AURORA).get(`${TENANT_PATH}/projects`).query({ page: '1', per_page: '250' }).reply(200, { projects: [{ name: 'x' }, { name: 'x' }] });
		nock(AURORA).get(`${TENANT_PATH}/projects`).query({ page: '2', per_page: '250' }).reply(200, { projects: [] });
		const context = executeContext({ parameters: {} });
		await expect(auroraPaginate.call(context, { path: '/projects', key: 'projects' })).resolves.toEqual([{ name: 'x' }, { name: 'x' }]);
		expect(nock.isDone()).toBe(true);
	});

	it('treats {"lead": null} as an answer without a lead', async () => {
		nock(AURORA).get(`${TENANT_PATH}/leads/abc`).reply(200, { lead: null });
		const context = executeContext({ parameters: {} });
		await expect(auroraRequestOne.call(context, { method: 'GET', path: '/leads/abc' }, 'lead')).rejects.toThrow("Aurora's answer holds no lead");
	});

	it('pages a picker whose pages start with id-less items instead of taking them for repeats', async () => {
		const page = (from: number) => [{ customer: { customer_first_name: `P${from}` } }, ...Array.from({ length: 99 }, (_, i) => ({ id: `l-${from + i}` }))];
		nock(AURORA).get(`${TENANT_PATH}/leads`).query({ page: '1', per_page: '100' }).reply(200, { leads: page(0) });
		nock(AURORA).get(`${TENANT_PATH}/leads`).query({ page: '2', per_page: '100' }).reply(200, { leads: page(100) });
		const context = loadOptionsContext({});
		const first = await searchLeads.call(context, undefined, undefined);
		const second = await searchLeads.call(context, undefined, first.paginationToken);
		expect(second.results.map((result) => result.value)).toContain('l-100');
	});
});
