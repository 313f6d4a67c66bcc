/** Homeowners filling in Aurora's Lead Capture AI, simulated through the fake's admin API. */
import { FakeAuroraClient } from '../../devkit/fake-aurora/client';
import type { Lead } from '../../devkit/fake-aurora/types';
import type { LeadRow } from './data-table';

export const SUBMISSIONS = 3;

export function fullName(lead: Lead): string {
	return `${lead.customer.customer_first_name ?? ''} ${lead.customer.customer_last_name ?? ''}`.trim();
}

/** One Lead Capture AI submission: creates a lead and fires lead_created. */
export async function submitLead(fakeUrl: string): Promise<Lead> {
	return new FakeAuroraClient(fakeUrl).createLead();
}

/** The first homeowner corrects their email in Aurora: fires lead_changed. */
export async function editLead(fakeUrl: string, lead: Lead): Promise<Lead> {
	const email = (lead.customer.customer_email ?? 'homeowner@example.com').replace('@', '+solar@');
	return new FakeAuroraClient(fakeUrl).changeLead(lead.id, { customer: { customer_email: email } });
}

export const hasCreatedRows = (leads: Lead[]) => (rows: LeadRow[]) =>
	leads.every((lead) => rows.some((row) => row.event === 'lead_created' && row.lead_id === lead.id));

export const hasChangedRow = (lead: Lead) => (rows: LeadRow[]) =>
	rows.some((row) => row.event === 'lead_changed' && row.lead_id === lead.id && row.email === lead.customer.customer_email);

/** "4 deliveries, all accepted on the first attempt" (or how many Aurora had to retry). */
export async function deliveryNote(fakeUrl: string): Promise<string> {
	const attempts = await new FakeAuroraClient(fakeUrl).deliveries();
	const first = attempts.filter((attempt) => attempt.attempt === 1);
	const retried = new Set(attempts.filter((attempt) => attempt.attempt > 1).map((attempt) => attempt.deliveryId)).size;
	return retried === 0
		? `Aurora made ${first.length} webhook deliveries, n8n accepted each on the first attempt`
		: `Aurora made ${first.length} webhook deliveries; ${retried} needed a retry`;
}
