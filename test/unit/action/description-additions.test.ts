/**
 * The sales-loop resources were added without changing anything saved workflows rely on. The
 * fixtures are the descriptions as they were before (generated from the last commit): every property
 * of the action node is still there, unchanged and in the same relative order, except that the
 * Resource list and the Design resource's Operation list may gain options (the old ones unchanged and
 * in order); the node's other top-level fields are unchanged (its one-line summary may be reworded);
 * the trigger did not change at all.
 */
import { readFileSync } from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';

import type { IDataObject } from 'n8n-workflow';

import { AuroraSolar } from '../../../nodes/AuroraSolar/AuroraSolar.node';
import { AuroraSolarTrigger } from '../../../nodes/AuroraSolar/AuroraSolarTrigger.node';

type Json = IDataObject;

function fixture(name: string): Json {
	return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as Json;
}

/** A description as JSON carries it (what the fixtures were made from): functions and undefined left out. */
function asJson(value: unknown): Json {
	return JSON.parse(JSON.stringify(value)) as Json;
}

/** JSON with the keys of every object sorted, so that two equal values give the same text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Json).sort(([a], [b]) => a.localeCompare(b));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/** What tells one property from another of the same name: where it shows. */
function identity(property: Json): string {
	return `${String(property.name)} ${canonical(property.displayOptions ?? null)}`;
}

/** The option lists that may gain options: the Resource list, and the Design resource's Operation list. */
function mayGainOptions(property: Json): boolean {
	if (property.name === 'resource' && property.displayOptions === undefined) return true;
	const show = (property.displayOptions as { show?: { resource?: unknown } } | undefined)?.show;
	return property.name === 'operation' && isDeepStrictEqual(show?.resource, ['design']);
}

function withoutKey(object: Json, key: string): Json {
	const copy = { ...object };
	delete copy[key];
	return copy;
}

/** Whether `before` appears in `after` in the same order (each entry deep-equal), other entries in between. */
function isOrderedSubset(before: unknown[], after: unknown[]): boolean {
	let from = 0;
	for (const entry of before) {
		const at = after.findIndex((candidate, index) => index >= from && isDeepStrictEqual(candidate, entry));
		if (at === -1) return false;
		from = at + 1;
	}
	return true;
}

/**
 * Top-level texts that may be reworded: the node's one-line summary in the nodes panel names what the
 * node can do, so it grows with new resources. Nothing a saved workflow holds refers to it.
 */
const TEXT_MAY_CHANGE = ['description'];

/** One line per way in which `after` does not keep what `before` offered ([] when it keeps all of it). */
function descriptionDifferences(before: Json, after: Json): string[] {
	const differences: string[] = [];
	const beforeTop = withoutKey(before, 'properties');
	const afterTop = withoutKey(after, 'properties');
	for (const key of new Set([...Object.keys(beforeTop), ...Object.keys(afterTop)])) {
		if (isDeepStrictEqual(beforeTop[key], afterTop[key])) continue;
		if (TEXT_MAY_CHANGE.includes(key) && typeof beforeTop[key] === 'string' && typeof afterTop[key] === 'string' && afterTop[key] !== '') continue;
		differences.push(`top-level field "${key}" changed`);
	}
	const oldProperties = (before.properties ?? []) as Json[];
	const newProperties = (after.properties ?? []) as Json[];
	let from = 0;
	for (const property of oldProperties) {
		const id = identity(property);
		const at = newProperties.findIndex((candidate, index) => index >= from && identity(candidate) === id);
		if (at === -1) {
			const earlier = newProperties.some((candidate) => identity(candidate) === id);
			differences.push(earlier ? `property ${id} moved before a property that preceded it` : `property ${id} is missing`);
			continue;
		}
		from = at + 1;
		const now = newProperties[at];
		if (!mayGainOptions(property)) {
			if (!isDeepStrictEqual(property, now)) differences.push(`property ${id} changed`);
			continue;
		}
		if (!isDeepStrictEqual(withoutKey(property, 'options'), withoutKey(now, 'options'))) differences.push(`property ${id} changed beyond its options`);
		if (!isOrderedSubset((property.options ?? []) as unknown[], (now.options ?? []) as unknown[])) {
			differences.push(`property ${id} lost, changed or reordered options`);
		}
	}
	return differences;
}

const OLD_ACTION = fixture('aurora-solar-v1.description.json');
const OLD_TRIGGER = fixture('aurora-solar-trigger-v1.description.json');
const action = (): Json => asJson(new AuroraSolar().description);

describe('the action node keeps every parameter saved workflows have', () => {
	it('the fixture is the description of version 1 with its 43 properties', () => {
		expect(OLD_ACTION.name).toBe('auroraSolar');
		expect(OLD_ACTION.version).toBe(1);
		expect(OLD_ACTION.properties).toHaveLength(43);
	});

	it('every old property is present, deep-equal and in order; only the Resource and Design Operation lists gained options', () => {
		expect(descriptionDifferences(OLD_ACTION, action())).toEqual([]);
	});

	it('the new description does add resources and design operations (the check is not comparing the fixture with itself)', () => {
		const now = action();
		const properties = now.properties as Json[];
		const resource = properties.find((property) => property.name === 'resource') as Json;
		const designOperation = properties.find((property) => mayGainOptions(property) && property.name === 'operation') as Json;
		expect((resource.options as Json[]).map((option) => option.value)).toEqual([
			'agreement',
			'consumptionProfile',
			'design',
			'designRequest',
			'lead',
			'project',
			'tenant',
			'user',
			'webProposal',
			'webhook',
		]);
		expect((designOperation.options as Json[]).map((option) => option.value)).toEqual(['get', 'getAssets', 'getAll', 'getPricing', 'getRoofSummary', 'getSummary']);
		expect(properties.length).toBeGreaterThan((OLD_ACTION.properties as Json[]).length);
	});
});

describe('the trigger did not change', () => {
	it('its description is deep-equal to the fixture', () => {
		expect(asJson(new AuroraSolarTrigger().description)).toEqual(OLD_TRIGGER);
	});
});

describe('descriptionDifferences reports what a change would break', () => {
	/** A copy of the current description, changed by `change`. */
	function changed(change: (description: Json, properties: Json[]) => void): Json {
		const copy = action();
		change(copy, copy.properties as Json[]);
		return copy;
	}

	const find = (properties: Json[], name: string, resource?: string, operation?: string): number =>
		properties.findIndex((property) => {
			const show = (property.displayOptions as { show?: { resource?: string[]; operation?: string[] } } | undefined)?.show;
			return property.name === name && show?.resource?.[0] === resource && show?.operation?.[0] === operation;
		});

	it('nothing, for the fixture compared with itself, or with new properties added anywhere', () => {
		expect(descriptionDifferences(OLD_ACTION, OLD_ACTION)).toEqual([]);
		const added = changed((_description, properties) => {
			properties.splice(3, 0, { displayName: 'New', name: 'somethingNew', type: 'string', default: '' });
			properties.push({ displayName: 'Last', name: 'last', type: 'boolean', default: false });
		});
		expect(descriptionDifferences(OLD_ACTION, added)).toEqual([]);
	});

	it('a property removed', () => {
		const removed = changed((_description, properties) => {
			properties.splice(find(properties, 'urlTemplate', 'webhook', 'create'), 1);
		});
		expect(descriptionDifferences(OLD_ACTION, removed)).toEqual([
			'property urlTemplate {"show":{"operation":["create"],"resource":["webhook"]}} is missing',
		]);
	});

	it('a property whose default, description or display conditions changed', () => {
		const edited = changed((_description, properties) => {
			properties[find(properties, 'simplify', 'lead', 'get')].default = false;
			properties[find(properties, 'designId', 'design', 'getPricing')].description = 'Another text';
		});
		expect(descriptionDifferences(OLD_ACTION, edited)).toEqual([
			'property simplify {"show":{"operation":["get"],"resource":["lead"]}} changed',
			'property designId {"show":{"operation":["getPricing"],"resource":["design"]}} changed',
		]);
		const hidden = changed((_description, properties) => {
			(properties[find(properties, 'webhookId', 'webhook', 'delete')].displayOptions as Json).show = { resource: ['webhook'], operation: ['remove'] };
		});
		expect(descriptionDifferences(OLD_ACTION, hidden)).toEqual([
			'property webhookId {"show":{"operation":["delete"],"resource":["webhook"]}} is missing',
		]);
	});

	it('two old properties swapped', () => {
		const swapped = changed((_description, properties) => {
			const address = find(properties, 'address', 'project', 'create');
			const fields = find(properties, 'additionalFields', 'project', 'create');
			[properties[address], properties[fields]] = [properties[fields], properties[address]];
		});
		expect(descriptionDifferences(OLD_ACTION, swapped)).toEqual([
			'property additionalFields {"show":{"operation":["create"],"resource":["project"]}} moved before a property that preceded it',
		]);
	});

	it('a Resource option removed, changed or moved', () => {
		const resourceOptions = (properties: Json[]) => properties[find(properties, 'resource')].options as Json[];
		const removed = changed((_description, properties) => {
			const options = resourceOptions(properties);
			options.splice(
				options.findIndex((option) => option.value === 'webhook'),
				1,
			);
		});
		const renamed = changed((_description, properties) => {
			resourceOptions(properties).find((option) => option.value === 'lead')!.name = 'Leads';
		});
		const moved = changed((_description, properties) => {
			resourceOptions(properties).reverse();
		});
		for (const description of [removed, renamed, moved]) {
			expect(descriptionDifferences(OLD_ACTION, description)).toEqual(['property resource null lost, changed or reordered options']);
		}
		const newDefault = changed((_description, properties) => {
			properties[find(properties, 'resource')].default = 'tenant';
		});
		expect(descriptionDifferences(OLD_ACTION, newDefault)).toEqual(['property resource null changed beyond its options']);
	});

	it("a Design operation changed, and options gained by another resource's Operation list", () => {
		const designOperation = changed((_description, properties) => {
			(properties[find(properties, 'operation', 'design')].options as Json[]).find((option) => option.value === 'getSummary')!.action = 'Summarize';
		});
		expect(descriptionDifferences(OLD_ACTION, designOperation)).toEqual([
			'property operation {"show":{"resource":["design"]}} lost, changed or reordered options',
		]);
		const leadGained = changed((_description, properties) => {
			(properties[find(properties, 'operation', 'lead')].options as Json[]).push({ name: 'Delete', value: 'delete', action: 'Delete a lead' });
		});
		expect(descriptionDifferences(OLD_ACTION, leadGained)).toEqual(['property operation {"show":{"resource":["lead"]}} changed']);
	});

	it('a top-level field changed, added or removed', () => {
		const edited = changed((description) => {
			description.subtitle = '={{$parameter["resource"]}}';
			description.hidden = true;
			delete description.usableAsTool;
		});
		expect(descriptionDifferences(OLD_ACTION, edited).sort()).toEqual([
			'top-level field "hidden" changed',
			'top-level field "subtitle" changed',
			'top-level field "usableAsTool" changed',
		]);
	});

	it('the summary text may be reworded, but not emptied or removed', () => {
		const reworded = changed((description) => {
			description.description = 'Read and change everything in Aurora Solar';
		});
		expect(descriptionDifferences(OLD_ACTION, reworded)).toEqual([]);
		const emptied = changed((description) => {
			description.description = '';
		});
		expect(descriptionDifferences(OLD_ACTION, emptied)).toEqual(['top-level field "description" changed']);
		const removed = changed((description) => {
			delete description.description;
		});
		expect(descriptionDifferences(OLD_ACTION, removed)).toEqual(['top-level field "description" changed']);
	});

	it('the trigger comparison fails on a changed trigger', () => {
		const trigger = asJson(new AuroraSolarTrigger().description);
		(trigger.properties as Json[]).pop();
		expect(trigger).not.toEqual(OLD_TRIGGER);
	});
});
