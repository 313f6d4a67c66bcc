/**
 * The fake Google Sheets API (devkit/fake-google-sheets): the A1 ranges and calls n8n's Google Sheets
 * node makes, and the way n8n reaches it (HTTPS through a CONNECT proxy, a CA it trusts, a
 * service-account token).
 */
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { ProxyAgent, request } from 'undici';

import { startFakeGoogleSheets, type FakeGoogleSheets } from '../../devkit/fake-google-sheets/server';
import { SheetsModel, parseA1 } from '../../devkit/fake-google-sheets/sheets';

describe('Sheets model', () => {
	it('parses the ranges the node sends', () => {
		expect(parseA1("'Leads'")).toEqual({ sheet: 'Leads' });
		expect(parseA1('Leads!A:Z')).toEqual({ sheet: 'Leads', startRow: undefined, endRow: undefined, startColumn: 0, endColumn: 25 });
		expect(parseA1('Leads!5:5')).toEqual({ sheet: 'Leads', startRow: 4, endRow: 4, startColumn: undefined, endColumn: undefined });
		expect(parseA1("'My sheet'!B7")).toEqual({ sheet: 'My sheet', startRow: 6, endRow: 6, startColumn: 1, endColumn: 1 });
	});

	it('reads without trailing empties, appends after the last row, updates cells in place', () => {
		const model = new SheetsModel();
		model.create('s1', 'Leads', ['Lead ID', 'Email']);
		expect(model.getValues('s1', 'Leads', 'FORMATTED_VALUE').values).toEqual([['Lead ID', 'Email']]);
		model.append('s1', 'Leads!2:2', [['a', 'a@example.com']]);
		model.append('s1', 'Leads!2:2', [['b', 5]]);
		model.batchUpdateValues('s1', [{ range: 'Leads!B2', values: [['new@example.com']] }]);
		expect(model.rows('s1', 'Leads')).toEqual([['Lead ID', 'Email'], ['a', 'new@example.com'], ['b', 5]]);
		expect(model.getValues('s1', 'Leads!A:Z', 'FORMATTED_VALUE').values?.[2]).toEqual(['b', '5']);
		// PUT writes at the row it names, whatever is there (what the node does without "Minimise API Calls").
		model.update('s1', 'Leads!3:3', [['c', 'c@example.com']]);
		expect(model.rows('s1', 'Leads')).toEqual([['Lead ID', 'Email'], ['a', 'new@example.com'], ['c', 'c@example.com']]);
		expect(model.getValues('s1', 'Leads!A9:B9', 'FORMATTED_VALUE').values).toBeUndefined();
	});

	it('adds rows with appendDimension, the sheet id as a number or a numeric string (proto3 JSON)', () => {
		const model = new SheetsModel();
		const [sheet] = model.create('s1', 'Leads', []).sheets;
		model.batchUpdate('s1', [{ appendDimension: { sheetId: String(sheet.sheetId), dimension: 'ROWS', length: 1 } }]);
		model.batchUpdate('s1', [{ appendDimension: { sheetId: sheet.sheetId, dimension: 'ROWS', length: 2 } }]);
		expect(sheet.rowCount).toBe(1003);
		expect(() => model.batchUpdate('s1', [{ appendDimension: { sheetId: 99, dimension: 'ROWS', length: 1 } }])).toThrow(/No grid with id/);
	});

	it('refuses what it does not model', () => {
		const model = new SheetsModel();
		model.create('s1', 'Leads', []);
		expect(() => model.batchUpdate('s1', [{ deleteDimension: {} }])).toThrow(/only appendDimension/);
		expect(() => model.getValues('s1', 'Other!A:Z', 'FORMATTED_VALUE')).toThrow(/Unable to parse range/);
		expect(() => model.spreadsheet('nope')).toThrow(/not found/);
	});
});

describe('fake Google Sheets through its proxy', () => {
	let sheets: FakeGoogleSheets;
	let agent: ProxyAgent;

	beforeAll(async () => {
		sheets = await startFakeGoogleSheets({ latencyMs: 0 });
		agent = new ProxyAgent({ uri: sheets.proxyUrl, requestTls: { ca: readFileSync(sheets.env.NODE_EXTRA_CA_CERTS) } });
	});

	afterAll(async () => {
		await agent.close();
		await sheets.close();
	});

	function assertion(privateKey: string): string {
		const now = Math.floor(Date.now() / 1000);
		const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
		const payload = Buffer.from(JSON.stringify({ iss: sheets.serviceAccount.email, aud: 'https://oauth2.googleapis.com/token', iat: now, exp: now + 3600 })).toString('base64url');
		const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
		return `${header}.${payload}.${signature}`;
	}

	async function token(signed: string): Promise<{ status: number; body: Record<string, string> }> {
		const response = await request('https://oauth2.googleapis.com/token', {
			method: 'POST',
			dispatcher: agent,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${signed}`,
		});
		return { status: response.statusCode, body: (await response.body.json()) as Record<string, string> };
	}

	it('issues a token for a correctly signed service-account assertion only', async () => {
		const good = await token(assertion(sheets.serviceAccount.privateKey));
		expect(good.status).toBe(200);
		expect(good.body.access_token).toMatch(/^ya29\./);
		const forged = assertion(sheets.serviceAccount.privateKey).replace(/\.[^.]+$/, '.AAAA');
		expect((await token(forged)).status).toBe(400);
	});

	it('serves the sheet over TLS to a client that trusts its CA, with the token only', async () => {
		const id = sheets.createSpreadsheet('Leads', ['Lead ID']);
		const { body } = await token(assertion(sheets.serviceAccount.privateKey));
		const url = `https://sheets.googleapis.com/v4/spreadsheets/${id}/values/Leads!A:Z:append?valueInputOption=USER_ENTERED`;
		const appended = await request(url, {
			method: 'POST',
			dispatcher: agent,
			headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ values: [['lead-1']] }),
		});
		expect(appended.statusCode).toBe(200);
		await appended.body.text();
		expect(sheets.rows(id, 'Leads')).toEqual([['Lead ID'], ['lead-1']]);
		const anonymous = await request(`https://sheets.googleapis.com/v4/spreadsheets/${id}`, { dispatcher: agent });
		expect(anonymous.statusCode).toBe(401);
		await anonymous.body.text();
	});

	it('refuses to tunnel anywhere else', async () => {
		await expect(request('https://example.com/', { dispatcher: agent })).rejects.toThrow();
		expect(sheets.refusedHosts).toContain('example.com:443');
	});
});
