/**
 * Flat, stable shapes for spreadsheets and chat messages. Every key is always present (null when
 * Aurora did not send it), and both API generations are read (2024.05 renamed address fields).
 */

import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../../transport/envelope';

/** The first value Aurora actually sent, or null. */
function pick(...values: unknown[]): IDataObject[string] {
	for (const value of values) if (value !== undefined && value !== null && value !== '') return value as IDataObject[string];
	return null;
}

function nested(object: IDataObject, key: string): IDataObject {
	const value = object[key];
	return isObject(value) ? value : {};
}

export function simplifyLead(lead: IDataObject): IDataObject {
	const customer = nested(lead, 'customer');
	return {
		id: pick(lead.id),
		first_name: pick(customer.customer_first_name, lead.customer_first_name),
		last_name: pick(customer.customer_last_name, lead.customer_last_name),
		email: pick(customer.customer_email, lead.customer_email),
		phone: pick(customer.customer_phone, lead.customer_phone),
		address: pick(lead.address, lead.property_address, customer.customer_address),
		latitude: pick(lead.latitude, nested(lead, 'location').latitude),
		longitude: pick(lead.longitude, nested(lead, 'location').longitude),
		monthly_average_bill: pick(lead.monthly_average_bill),
		system_size_stc: pick(lead.system_size_stc),
		project_id: pick(lead.project_id),
		created_at: pick(lead.created_at),
	};
}

export function simplifyProject(project: IDataObject): IDataObject {
	const location = nested(project, 'location');
	return {
		id: pick(project.id),
		name: pick(project.name),
		status: pick(project.status),
		customer_first_name: pick(project.customer_first_name),
		customer_last_name: pick(project.customer_last_name),
		customer_email: pick(project.customer_email),
		customer_phone: pick(project.customer_phone),
		property_address: pick(project.property_address, location.property_address, project.address),
		latitude: pick(location.latitude, project.latitude),
		longitude: pick(location.longitude, project.longitude),
		external_provider_id: pick(project.external_provider_id),
		owner_id: pick(project.owner_id),
		created_at: pick(project.created_at),
	};
}

export function simplifyDesign(design: IDataObject): IDataObject {
	const milestone = design.milestone;
	return {
		id: pick(design.id, design.design_id),
		name: pick(design.name),
		project_id: pick(design.project_id),
		milestone: pick(isObject(milestone) ? milestone.milestone : milestone),
		system_size_stc: pick(design.system_size_stc, design.system_size),
		system_size_ac: pick(design.system_size_ac),
		created_at: pick(design.created_at),
	};
}

export function simplifyDesignRequest(request: IDataObject): IDataObject {
	return {
		id: pick(request.id),
		project_id: pick(request.project_id),
		status: pick(request.status),
		design_id: pick(request.design_id),
		notes: pick(request.notes),
		created_at: pick(request.created_at),
		updated_at: pick(request.updated_at),
	};
}

export function simplifyAgreement(agreement: IDataObject): IDataObject {
	return {
		id: pick(agreement.id),
		project_id: pick(agreement.project_id),
		design_id: pick(agreement.design_id),
		financing_id: pick(agreement.financing_id),
		status: pick(agreement.status),
		signed_at: pick(agreement.signed_at),
		error_message: pick(agreement.error_message),
		created_at: pick(agreement.created_at),
		updated_at: pick(agreement.updated_at),
	};
}

export function simplifyUser(user: IDataObject): IDataObject {
	return {
		id: pick(user.id),
		first_name: pick(user.first_name),
		last_name: pick(user.last_name),
		email: pick(user.email),
		phone: pick(user.phone),
		account_status: pick(user.account_status),
		role_id: pick(user.role_id),
		partner_ids: Array.isArray(user.partner_ids) ? user.partner_ids : [],
	};
}

/** A roof's modules: API 2024.05 calls them `modules`, earlier versions `panels` (Aurora's changelog). */
export function roofModules(roof: IDataObject): IDataObject[] {
	const modules = Array.isArray(roof.modules) ? roof.modules : Array.isArray(roof.panels) ? roof.panels : [];
	return modules.filter(isObject);
}

function roofsOf(summary: IDataObject): IDataObject[] {
	const roofs = summary.roofs ?? summary.roof_faces ?? summary.faces;
	return Array.isArray(roofs) ? roofs.filter(isObject) : [];
}

export function simplifyRoofSummary(summary: IDataObject): IDataObject {
	const roofs = roofsOf(summary).map((roof) => ({
		id: pick(roof.id),
		pitch: pick(roof.pitch),
		azimuth: pick(roof.azimuth),
		area: pick(roof.area),
		module_count: roofModules(roof).length,
	}));
	return {
		design_id: pick(summary.design_id),
		roof_count: roofs.length,
		module_count: roofs.reduce((sum, roof) => sum + roof.module_count, 0),
		roofs,
	};
}
