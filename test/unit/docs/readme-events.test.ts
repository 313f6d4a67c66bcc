import { readFileSync } from 'fs';
import path from 'path';

import { AURORA_EVENTS } from '../../../nodes/AuroraSolar/events';
import { renderEventTable, withEventTable } from '../../../devkit/event-table';

const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README event table', () => {
	it('is the table rendered from the catalogue (run `npm run docs:events` after changing events.ts)', () => {
		expect(withEventTable(readme)).toBe(readme);
	});

	it('lists every event of the catalogue with its output attributes', () => {
		const table = renderEventTable();
		for (const definition of AURORA_EVENTS) {
			expect(table).toContain(`| \`${definition.event}\` |`);
			expect(readme).toContain(`\`${definition.fetch.key}\` (by \`${definition.fetch.idAttribute}\`)`);
		}
	});
});
