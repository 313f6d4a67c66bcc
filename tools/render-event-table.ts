import { readFileSync, writeFileSync } from 'fs';
import path from 'path';

import { withEventTable } from '../devkit/event-table';

const readme = path.join(__dirname, '..', 'README.md');
writeFileSync(readme, withEventTable(readFileSync(readme, 'utf8')));
console.log('README.md event table updated');
