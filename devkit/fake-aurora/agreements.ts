/**
 * Agreements (the contract a homeowner signs for a design). Aurora's API only reads them; they
 * are created and move through their statuses in Aurora's app and its e-signature flow, which
 * the fake's admin API stands in for. Statuses are those of Aurora's events page.
 */
import { randomUUID } from 'node:crypto';
import type { Agreement, AgreementStatus, EventAttributes } from './types';

export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['sent', 'viewed', 'signed', 'cancel-pending', 'canceled', 'declined', 'error'];

export function isAgreementStatus(value: unknown): value is AgreementStatus {
	return typeof value === 'string' && (AGREEMENT_STATUSES as readonly string[]).includes(value);
}

/** Invented message for status `error` when the admin call gives none. */
export const DEFAULT_AGREEMENT_ERROR = 'The e-signature provider rejected the document (fake)';

/** The agreement with a new status; signed_at and error_message only ever describe the current status. */
export function withStatus(agreement: Agreement, status: AgreementStatus, now: string, errorMessage?: string): Agreement {
	return {
		...agreement,
		status,
		signed_at: status === 'signed' ? now : null,
		error_message: status === 'error' ? (errorMessage ?? DEFAULT_AGREEMENT_ERROR) : null,
		updated_at: now,
	};
}

export function buildAgreement(
	input: { projectId: string; designId: string; financingId?: string | null; status?: AgreementStatus; errorMessage?: string },
	now: string,
): Agreement {
	const id = randomUUID();
	const sent: Agreement = {
		id,
		project_id: input.projectId,
		design_id: input.designId,
		financing_id: input.financingId ?? null,
		status: 'sent',
		error_message: null,
		signed_at: null,
		// Invented: where a signed PDF would be downloaded from.
		document_url: `https://documents.example.com/agreements/${id}.pdf`,
		created_at: now,
		updated_at: now,
	};
	return withStatus(sent, input.status ?? 'sent', now, input.errorMessage);
}

/** agreement_status_changed's URL attributes; FINANCING_ID is '' for an agreement without financing. */
export function agreementEventAttributes(a: Agreement): EventAttributes {
	return { PROJECT_ID: a.project_id, AGREEMENT_ID: a.id, STATUS: a.status, DESIGN_ID: a.design_id, FINANCING_ID: a.financing_id ?? '' };
}
