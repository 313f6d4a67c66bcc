import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isObject } from '../../transport/envelope';
import { failureError } from '../../transport/errors';
import type { AuroraRequest } from '../../transport/request';
import { auroraCall, auroraRequestOne, oneObject } from '../../transport/request';

/**
 * A change whose answer Aurora does not document: when the answer holds the changed object it is the
 * output, and when it does not (an empty 200 or 204), the object is read back, so the output is the
 * same object Get returns either way.
 */
export async function writeThenRead(
	this: IExecuteFunctions,
	spec: {
		write: AuroraRequest;
		read: AuroraRequest;
		key: string;
		/** Whether a bare answer is the object (and not, say, `{"status": "ok"}`): it holds one of these fields. */
		fields: string[];
	},
): Promise<IDataObject> {
	const result = await auroraCall.call(this, spec.write);
	if (!result.ok) throw failureError(this.getNode(), result.failure, spec.write.itemIndex);
	const answered = oneObject(result.value, spec.key, spec.write);
	const body = result.value.body;
	const wrapped = isObject(body) && isObject(body[spec.key]);
	if (answered.ok && (wrapped || spec.fields.some((field) => field in answered.value))) return answered.value;
	return await auroraRequestOne.call(this, spec.read, spec.key);
}
