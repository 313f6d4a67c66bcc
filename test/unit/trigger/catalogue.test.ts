/**
 * The event catalogue drives the trigger's options, the subscription templates and delivery
 * validation, so an inconsistency there becomes a trigger that never fires or fetches the wrong object.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';
import { AURORA_EVENTS, attributeName, findEvent } from '../../../nodes/AuroraSolar/events';

const { description } = new AuroraSolarTrigger();

function property(name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('event catalogue', () => {
	it('lists each event once, with a name and a description', () => {
		const events = AURORA_EVENTS.map((definition) => definition.event);
		expect(new Set(events).size).toBe(events.length);
		expect(new Set(AURORA_EVENTS.map((definition) => definition.name)).size).toBe(events.length);
		for (const definition of AURORA_EVENTS) {
			expect(definition.event).toMatch(/^[a-z][a-z_]*[a-z]$/);
			expect(definition.name.trim()).not.toBe('');
			expect(definition.description.trim()).not.toBe('');
			expect(findEvent(definition.event)).toBe(definition);
		}
	});

	it.each(AURORA_EVENTS.map((definition) => [definition.event, definition] as const))(
		'%s: tokens are Aurora placeholders and the fetched id is one of them',
		(_event, definition) => {
			expect(definition.tokens.length).toBeGreaterThan(0);
			expect(new Set(definition.tokens).size).toBe(definition.tokens.length);
			for (const token of definition.tokens) {
				expect(token).toMatch(/^[A-Z][A-Z_]*$/);
				// The trigger's own parameters must never be shadowed by an attribute.
				expect(['aurora_event', 'aurora_secret']).not.toContain(attributeName(token));
			}
			expect(definition.tokens.map(attributeName)).toContain(definition.fetch.idAttribute);
			expect(['lead', 'project', 'design', 'agreement', 'design_request']).toContain(definition.fetch.key);
			expect(definition.fetch.envelope).toBe(definition.fetch.key);
			expect(definition.fetch.label.trim()).not.toBe('');
			const path = definition.fetch.path('3fa85f64-5717-4562-b3fc-2c963f66afa6');
			expect(path).toMatch(/^\/[a-z_]+\/3fa85f64-5717-4562-b3fc-2c963f66afa6$/);
			expect(definition.fetch.path('a/b?c')).not.toMatch(/a\/b\?c/);
		},
	);

	it('lead_created and lead_changed fetch the lead from LEAD_ID', () => {
		for (const event of ['lead_created', 'lead_changed']) {
			const definition = findEvent(event)!;
			expect(definition.tokens).toEqual(['LEAD_ID']);
			expect(definition.fetch.key).toBe('lead');
			expect(definition.fetch.idAttribute).toBe('lead_id');
			expect(definition.fetch.path('x')).toBe('/leads/x');
		}
	});

	it('project events fetch the project from PROJECT_ID', () => {
		const projectEvents = AURORA_EVENTS.filter((definition) => definition.event.startsWith('project_'));
		expect(projectEvents.map((definition) => definition.event).sort()).toEqual(['project_changed', 'project_created', 'project_status_changed']);
		for (const definition of projectEvents) {
			expect(definition.tokens).toContain('PROJECT_ID');
			expect(definition.fetch.key).toBe('project');
			expect(definition.fetch.idAttribute).toBe('project_id');
			expect(definition.fetch.path('x')).toBe('/projects/x');
		}
	});

	it('keeps the documented URL attributes of the agreement and status events', () => {
		expect(findEvent('agreement_status_changed')!.tokens).toEqual(['PROJECT_ID', 'AGREEMENT_ID', 'STATUS', 'DESIGN_ID', 'FINANCING_ID']);
		expect(findEvent('project_status_changed')!.tokens).toEqual(expect.arrayContaining(['PROJECT_ID', 'STATUS']));
		expect(findEvent('lead_converted')!.fetch.key).toBe('project');
	});
});

describe('trigger node description', () => {
	it('is the Aurora Solar Trigger: a GET webhook with the Aurora credential, not usable as a tool', () => {
		expect(description.name).toBe('auroraSolarTrigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'GET', responseMode: 'onReceived' })]);
		expect(description.credentials).toEqual([{ name: 'auroraSolarApi', required: true }]);
		expect(description).not.toHaveProperty('usableAsTool');
	});

	it('offers exactly the catalogue events, sorted by name, defaulting to lead_created', () => {
		const events = property('events');
		expect(events.type).toBe('multiOptions');
		const options = events.options as INodePropertyOptions[];
		expect(options.map((option) => option.value).sort()).toEqual(AURORA_EVENTS.map((definition) => definition.event).sort());
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
		for (const option of options) expect(option.name).toBe(findEvent(option.value as string)!.name);
		expect(events.default).toEqual(['lead_created']);
		expect(events.required).toBe(true);
	});

	it('retrieves details by default', () => {
		const retrieveDetails = property('retrieveDetails');
		expect(retrieveDetails.type).toBe('boolean');
		expect(retrieveDetails.default).toBe(true);
	});
});
