/**
 * The example workflows are what users import first: their trigger must be the version a new
 * workflow gets (1.2 catches up missed events; an example on 1.1 would silently not), and the
 * store step must be keyed by the lead's id.
 */
import { readFileSync, readdirSync } from 'fs';
import path from 'path';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

const dir = path.join(__dirname, '..', '..', '..', 'examples');
const examples = readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.map((file) => [file, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: ExampleNode[] }] as const);

describe('example workflows', () => {
	it('there are examples to check', () => {
		expect(examples.length).toBeGreaterThanOrEqual(4);
	});

	it.each(examples)('%s uses the trigger version a new workflow gets', (_file, workflow) => {
		const triggers = workflow.nodes.filter((node) => node.type === 'n8n-nodes-aurora-solar.auroraSolarTrigger');
		expect(triggers).toHaveLength(1);
		expect(triggers[0].typeVersion).toBe(new AuroraSolarTrigger().description.defaultVersion);
		// Catch-up is on by default in that version; an example must not switch it off.
		expect((triggers[0].parameters.options as Record<string, unknown> | undefined)?.catchUp).not.toBe(false);
	});
});
