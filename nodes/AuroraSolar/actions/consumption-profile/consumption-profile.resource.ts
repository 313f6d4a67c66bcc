import { defineResource } from '../common/operation';
import { getConsumptionProfile } from './get.operation';
import { updateConsumptionProfile } from './update.operation';

export const consumptionProfileResource = defineResource({
	name: 'Consumption Profile',
	value: 'consumptionProfile',
	defaultOperation: 'get',
	operations: [getConsumptionProfile, updateConsumptionProfile],
});
