/**
 * Aurora's List Leads and List Projects behind nock, in memory: what the catch-up sweep reads. Pages
 * as the fake Aurora pages them (`page`, 1-based; `per_page`, at most 250; creation order), so that the
 * sweep's reading of a list is the real one. Every request is logged; `fault()` answers the next
 * requests to a list with a status instead.
 */
import { randomUUID } from 'crypto';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { AURORA, TENANT_PATH } from '../../../support/contexts';

export type ListName = 'leads' | 'projects';

interface ListFault {
	list: ListName;
	status: number;
	times: number;
	headers?: Record<string, string>;
}

export class RemoteLists {
	readonly objects: Record<ListName, IDataObject[]> = { leads: [], projects: [] };
	readonly requests: Array<{ list: ListName; page: number; perPage: number; at: number }> = [];
	private readonly faults: ListFault[] = [];
	private clock = Date.UTC(2026, 0, 1);

	constructor(private readonly origin: string = AURORA) {}

	install(): nock.Scope {
		const scope = nock(this.origin).persist();
		for (const list of ['leads', 'projects'] as const) {
			scope
				.get(`${TENANT_PATH}/${list}`)
				.query(true)
				.optionally()
				.reply((uri) => this.page(list, new URL(uri, this.origin).searchParams));
			// Retrieve one, as a delivery does: the same object the list holds.
			scope
				.get(new RegExp(`^${TENANT_PATH}/${list}/[^/?]+$`))
				.optionally()
				.reply((uri) => {
					this.retrievals.push(uri);
					const id = uri.split('/').pop();
					const object = this.objects[list].find((candidate) => candidate.id === id);
					return object ? [200, object] : [404, { error: 'Not Found' }];
				});
		}
		return scope;
	}

	/** Paths of single objects retrieved (by deliveries). */
	readonly retrievals: string[] = [];

	private page(list: ListName, query: URLSearchParams): [number, unknown, Record<string, string>?] {
		const page = Number(query.get('page') ?? 1);
		const perPage = Math.min(250, Number(query.get('per_page') ?? 100));
		this.requests.push({ list, page, perPage, at: Date.now() });
		const fault = this.faults.find((candidate) => candidate.list === list && candidate.times > 0);
		if (fault) {
			fault.times--;
			return [fault.status, { error: `fault ${fault.status}` }, fault.headers];
		}
		const start = (page - 1) * perPage;
		return [200, { [list]: this.objects[list].slice(start, start + perPage) }];
	}

	fault(list: ListName, status: number, times = 1, headers?: Record<string, string>): void {
		this.faults.push({ list, status, times, headers });
	}

	/** A lead as Aurora lists it; `createdAt` defaults to a fixed clock that moves on by a second per lead. */
	addLead(fields: IDataObject = {}, createdAt?: number): IDataObject {
		const at = createdAt ?? (this.clock += 1000);
		const lead: IDataObject = {
			id: randomUUID(),
			customer: { customer_first_name: 'Jane', customer_last_name: 'Doe', customer_email: `jane-${this.objects.leads.length}@example.com` },
			monthly_average_bill: 180,
			created_at: new Date(at).toISOString(),
			...fields,
		};
		this.objects.leads.push(lead);
		return lead;
	}

	addLeads(count: number, createdAt?: number): IDataObject[] {
		return Array.from({ length: count }, () => this.addLead({}, createdAt));
	}

	addProject(fields: IDataObject = {}, createdAt?: number): IDataObject {
		const at = createdAt ?? (this.clock += 1000);
		const project: IDataObject = { id: randomUUID(), name: `Project ${this.objects.projects.length}`, status: 'In Progress', created_at: new Date(at).toISOString(), ...fields };
		this.objects.projects.push(project);
		return project;
	}

	change(list: ListName, id: unknown, fields: IDataObject): void {
		const object = this.objects[list].find((candidate) => candidate.id === id);
		if (!object) throw new Error(`no ${list} ${String(id)}`);
		Object.assign(object, fields);
	}

	count(list?: ListName): number {
		return this.requests.filter((request) => list === undefined || request.list === list).length;
	}
}
