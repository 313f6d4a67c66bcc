import { NodeOperationError, jsonParse } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { AURORA_OBJECTS, objectSubject } from '../../objects';
import type { AuroraOperation } from '../common/operation';
import { readId } from '../common/parameters';
import { writeThenRead } from '../common/write-read';
import { profileProjectLocator } from './locators';
import type { UsageInput } from './usage-values';
import { USAGE_INPUTS, readUsageValues } from './usage-values';

const profile = AURORA_OBJECTS.consumptionProfile;

function otherFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw: unknown = this.getNodeParameter('otherFields', itemIndex, '{}');
	// Unreadable JSON parses to null, which the check below refuses like any other non-object.
	const value: unknown = typeof raw === 'string' ? (raw.trim() === '' ? {} : jsonParse<unknown>(raw, { fallbackValue: null })) : raw;
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as IDataObject;
	throw new NodeOperationError(this.getNode(), 'Other Profile Fields must be a JSON object', {
		description: 'For example {"utility_name": "PG&E"}. Nothing was sent to Aurora.',
		itemIndex,
	});
}

export const updateConsumptionProfile: AuroraOperation = {
	name: 'Update',
	value: 'update',
	action: 'Update the consumption profile of a project',
	description: "Set a project's energy usage: 12 monthly kWh values, 12 monthly bills, or a year of interval data",
	properties: [
		profileProjectLocator,
		{
			displayName: 'Usage Input',
			name: 'usageInput',
			type: 'options',
			noDataExpression: true,
			options: (Object.keys(USAGE_INPUTS) as UsageInput[]).map((value) => ({ name: USAGE_INPUTS[value].label, value })),
			default: 'monthly_energy',
			description: 'Aurora takes one kind of usage per update',
		},
		{
			displayName: 'Values',
			name: 'usageValues',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 850, 780, 820, 900, 1100, 1300, 1500, 1450, 1200, 950, 860, 830',
			description:
				'Numbers separated by commas, January first, or an expression that returns an array. Leave a value empty (or null) for Aurora to estimate it from the others.',
		},
		{
			displayName: 'Other Profile Fields (JSON)',
			name: 'otherFields',
			type: 'json',
			default: '{}',
			description:
				"Sent as they are beside the usage, for fields such as the utility or the rate. Aurora's docs do not name these fields, so check them against a profile from Consumption Profile → Get.",
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const projectId = readId.call(this, profileProjectLocator, itemIndex);
		const input = this.getNodeParameter('usageInput', itemIndex) as UsageInput;
		const values = readUsageValues.call(this, input, this.getNodeParameter('usageValues', itemIndex, ''), itemIndex);
		const fields = { ...otherFields.call(this, itemIndex) };
		// Aurora takes one usage kind per request: another one among the other fields would be refused, or win.
		for (const kind of Object.keys(USAGE_INPUTS)) delete fields[kind];
		return await writeThenRead.call(this, {
			write: {
				method: 'PUT',
				path: profile.path(projectId),
				body: { consumption_profile: { ...fields, [input]: values } },
				subject: objectSubject(AURORA_OBJECTS.project, projectId),
				itemIndex,
			},
			read: { method: 'GET', path: profile.path(projectId), subject: objectSubject(profile, projectId), itemIndex },
			key: profile.envelope,
			fields: [...Object.keys(USAGE_INPUTS), 'project_id'],
		});
	},
};
