/**
 * The part of the Google Sheets API v4 that n8n's Google Sheets node (v4.x, operations Append Row and
 * Append or Update Row) calls, as a pure model: spreadsheets of grids, A1 ranges, reads and writes.
 * Each call is applied whole, at once, as Google applies one request: concurrency between calls is
 * what the callers make of it, which is what the tests look at.
 *
 * Documented behaviour followed (developers.google.com/sheets/api/reference/rest):
 * - values.get returns `values` without trailing empty rows and trailing empty cells, and omits `values`
 *   for an empty range; FORMATTED_VALUE gives strings, UNFORMATTED_VALUE the stored numbers.
 * - values.update (PUT) writes the rows at the range's top-left cell.
 * - values.append finds the table in the range and writes after its last row (simplified here: after the
 *   sheet's last non-empty row, which is the same for a sheet without gaps).
 * - values.batchUpdate applies each ValueRange; spreadsheets.batchUpdate `appendDimension` adds rows or
 *   columns. Other requests are refused (400), so an unexpected call shows up as a failed execution.
 */
export type Cell = string | number | boolean;

export interface Sheet {
	sheetId: number;
	title: string;
	rowCount: number;
	columnCount: number;
	/** rows[0] is row 1. */
	rows: Cell[][];
}

export interface Spreadsheet {
	id: string;
	sheets: Sheet[];
}

export interface A1Range {
	sheet: string;
	/** 0-based, inclusive; undefined = open. */
	startRow?: number;
	endRow?: number;
	startColumn?: number;
	endColumn?: number;
}

export class SheetsError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly status = code === 404 ? 'NOT_FOUND' : code === 401 ? 'UNAUTHENTICATED' : 'INVALID_ARGUMENT',
	) {
		super(message);
	}
}

function columnIndex(letters: string): number {
	let index = 0;
	for (const char of letters.toUpperCase()) index = index * 26 + (char.charCodeAt(0) - 64);
	return index - 1;
}

export function columnLetters(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

function parseCell(text: string): { row?: number; column?: number } {
	const match = /^([A-Za-z]*)(\d*)$/.exec(text);
	if (!match || (!match[1] && !match[2])) throw new SheetsError(400, `Unable to parse range: ${text}`);
	return {
		column: match[1] ? columnIndex(match[1]) : undefined,
		row: match[2] ? Number(match[2]) - 1 : undefined,
	};
}

/** `Leads`, `'Leads'`, `Leads!A:Z`, `Leads!5:5`, `Leads!B7`, `'My sheet'!A2:H9`. */
export function parseA1(range: string): A1Range {
	const bang = range.lastIndexOf('!');
	const rawSheet = bang === -1 ? range : range.slice(0, bang);
	const sheet = rawSheet.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
	if (bang === -1) return { sheet };
	const [from, to] = range.slice(bang + 1).split(':');
	const start = parseCell(from);
	const end = to === undefined ? start : parseCell(to);
	return { sheet, startRow: start.row, endRow: end.row, startColumn: start.column, endColumn: end.column };
}

function trimRow(row: Cell[]): Cell[] {
	let end = row.length;
	while (end > 0 && (row[end - 1] === '' || row[end - 1] === undefined)) end--;
	return Array.from(row.slice(0, end), (cell) => cell ?? '');
}

function lastNonEmptyRow(sheet: Sheet): number {
	for (let index = sheet.rows.length - 1; index >= 0; index--) if (trimRow(sheet.rows[index] ?? []).length > 0) return index;
	return -1;
}

export function a1(sheet: string, startRow: number, startColumn: number, rows: number, columns: number): string {
	return `${sheet}!${columnLetters(startColumn)}${startRow + 1}:${columnLetters(startColumn + Math.max(columns, 1) - 1)}${startRow + Math.max(rows, 1)}`;
}

export class SheetsModel {
	private readonly spreadsheets = new Map<string, Spreadsheet>();
	private nextSheetId = 1;

	create(id: string, sheetTitle: string, header: string[]): Spreadsheet {
		const spreadsheet: Spreadsheet = {
			id,
			sheets: [{ sheetId: this.nextSheetId++, title: sheetTitle, rowCount: 1000, columnCount: 26, rows: header.length ? [[...header]] : [] }],
		};
		this.spreadsheets.set(id, spreadsheet);
		return spreadsheet;
	}

	spreadsheet(id: string): Spreadsheet {
		const found = this.spreadsheets.get(id);
		if (!found) throw new SheetsError(404, 'Requested entity was not found.');
		return found;
	}

	sheet(id: string, title: string): Sheet {
		const found = this.spreadsheet(id).sheets.find((sheet) => sheet.title === title);
		if (!found) throw new SheetsError(400, `Unable to parse range: ${title}`);
		return found;
	}

	/** The sheet's rows as a user sees them (trailing empty rows and cells dropped). */
	rows(id: string, title: string): Cell[][] {
		const sheet = this.sheet(id, title);
		return sheet.rows.slice(0, lastNonEmptyRow(sheet) + 1).map((row) => trimRow(row ?? []));
	}

	getValues(id: string, range: string, render: string): { range: string; majorDimension: 'ROWS'; values?: string[][] | Cell[][] } {
		const parsed = parseA1(range);
		const sheet = this.sheet(id, parsed.sheet);
		const startRow = parsed.startRow ?? 0;
		const startColumn = parsed.startColumn ?? 0;
		const endRow = Math.min(parsed.endRow ?? sheet.rowCount - 1, lastNonEmptyRow(sheet));
		const endColumn = parsed.endColumn ?? sheet.columnCount - 1;
		const values: Cell[][] = [];
		for (let row = startRow; row <= endRow; row++) values.push(trimRow((sheet.rows[row] ?? []).slice(startColumn, endColumn + 1)));
		while (values.length > 0 && values[values.length - 1].length === 0) values.pop();
		const rendered = render === 'UNFORMATTED_VALUE' ? values : values.map((row) => row.map((cell) => String(cell)));
		const answer = { range: a1(sheet.title, startRow, startColumn, sheet.rowCount - startRow, endColumn - startColumn + 1), majorDimension: 'ROWS' as const };
		return rendered.length ? { ...answer, values: rendered } : answer;
	}

	private write(sheet: Sheet, startRow: number, startColumn: number, values: Cell[][]): { updatedRange: string; updatedRows: number; updatedColumns: number; updatedCells: number } {
		let cells = 0;
		let columns = 0;
		values.forEach((values, offset) => {
			const row = (sheet.rows[startRow + offset] ??= []);
			values.forEach((value, column) => {
				row[startColumn + column] = value === null || value === undefined ? '' : value;
				cells++;
			});
			columns = Math.max(columns, values.length);
		});
		for (let index = 0; index < sheet.rows.length; index++) sheet.rows[index] ??= [];
		sheet.rowCount = Math.max(sheet.rowCount, sheet.rows.length);
		return { updatedRange: a1(sheet.title, startRow, startColumn, values.length, columns), updatedRows: values.length, updatedColumns: columns, updatedCells: cells };
	}

	/** values.update (PUT …/values/{range}). */
	update(id: string, range: string, values: Cell[][]) {
		const parsed = parseA1(range);
		const sheet = this.sheet(id, parsed.sheet);
		return { spreadsheetId: id, ...this.write(sheet, parsed.startRow ?? 0, parsed.startColumn ?? 0, values) };
	}

	/** values.append (POST …/values/{range}:append). */
	append(id: string, range: string, values: Cell[][]) {
		const parsed = parseA1(range);
		const sheet = this.sheet(id, parsed.sheet);
		const last = lastNonEmptyRow(sheet);
		const updates = this.write(sheet, last + 1, parsed.startColumn ?? 0, values);
		return {
			spreadsheetId: id,
			tableRange: last >= 0 ? a1(sheet.title, 0, 0, last + 1, sheet.columnCount) : undefined,
			updates: { spreadsheetId: id, ...updates },
		};
	}

	/** values.batchUpdate (POST …/values:batchUpdate). */
	batchUpdateValues(id: string, data: Array<{ range: string; values: Cell[][] }>) {
		const responses = data.map((entry) => this.update(id, entry.range, entry.values));
		return {
			spreadsheetId: id,
			totalUpdatedRows: responses.reduce((sum, response) => sum + response.updatedRows, 0),
			totalUpdatedCells: responses.reduce((sum, response) => sum + response.updatedCells, 0),
			responses,
		};
	}

	/** spreadsheets.batchUpdate (POST …:batchUpdate): only appendDimension. */
	batchUpdate(id: string, requests: Array<Record<string, unknown>>) {
		const spreadsheet = this.spreadsheet(id);
		const replies = requests.map((request) => {
			const append = request.appendDimension as { sheetId: number | string; dimension: string; length: number } | undefined;
			if (!append) throw new SheetsError(400, `The fake supports only appendDimension, not ${Object.keys(request).join(', ')}`);
			// Proto3 JSON: an int32 may come as a number or a numeric string (the node sends the string).
			const sheet = spreadsheet.sheets.find((candidate) => candidate.sheetId === Number(append.sheetId));
			if (!sheet) throw new SheetsError(400, `No grid with id: ${append.sheetId}`);
			if (append.dimension === 'ROWS') sheet.rowCount += append.length;
			else sheet.columnCount += append.length;
			return {};
		});
		return { spreadsheetId: id, replies };
	}

	properties(id: string) {
		return {
			sheets: this.spreadsheet(id).sheets.map((sheet, index) => ({
				properties: { sheetId: sheet.sheetId, title: sheet.title, index, sheetType: 'GRID', gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount } },
			})),
		};
	}
}
