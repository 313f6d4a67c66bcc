/**
 * Fault-injection rules for the API routes (never the admin routes). Latency rules add up and
 * let the request continue; of the other kinds the first matching rule decides the answer.
 */
import { randomUUID } from 'node:crypto';
import { HttpError, isRecord } from './http';
import type { FaultKind, FaultRule, FaultSpec } from './types';

const KINDS: readonly FaultKind[] = ['status', 'latency', 'garbage', 'timeout', 'reset', 'lost-answer'];

export interface FaultDecision {
	latencyMs: number;
	/** The rule that replaces the normal answer, if any. */
	terminal?: FaultRule;
	/** Kind to note in the request log: the terminal rule, else 'latency' when delayed. */
	logKind?: FaultKind;
}

function optionalNumber(spec: Record<string, unknown>, key: string, check: (n: number) => boolean): number | undefined {
	const value = spec[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
		throw new HttpError(400, `fault.${key} is invalid: ${JSON.stringify(value)}`);
	}
	return value;
}

function optionalString(spec: Record<string, unknown>, key: string): string | undefined {
	const value = spec[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new HttpError(400, `fault.${key} must be a string`);
	return value;
}

export function parseFaultSpec(input: unknown): FaultSpec {
	if (!isRecord(input)) throw new HttpError(400, 'fault must be a JSON object');
	const kind = input.kind;
	if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) {
		throw new HttpError(400, `fault.kind must be one of ${KINDS.join(', ')}`);
	}
	const path = optionalString(input, 'path');
	if (path !== undefined) {
		try {
			new RegExp(path);
		} catch {
			throw new HttpError(400, 'fault.path is not a valid regular expression');
		}
	}
	const spec: FaultSpec = {
		kind: kind as FaultKind,
		method: optionalString(input, 'method')?.toUpperCase(),
		path,
		status: optionalNumber(input, 'status', (n) => Number.isInteger(n) && n >= 100 && n <= 599),
		retryAfter: optionalString(input, 'retryAfter'),
		latencyMs: optionalNumber(input, 'latencyMs', (n) => n >= 0),
		times: optionalNumber(input, 'times', (n) => Number.isInteger(n) && n >= 1),
		probability: optionalNumber(input, 'probability', (n) => n >= 0 && n <= 1),
	};
	if (spec.kind === 'status' && spec.status === undefined) spec.status = 500;
	if (spec.kind === 'latency' && spec.latencyMs === undefined) spec.latencyMs = 1000;
	// Drop undefined keys so listings stay readable.
	return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as unknown as FaultSpec;
}

export class FaultRegistry {
	private rules: Array<FaultRule & { regex?: RegExp }> = [];

	add(input: unknown): FaultRule {
		const spec = parseFaultSpec(input);
		const rule: FaultRule = { id: randomUUID(), ...spec, hits: 0, created_at: new Date().toISOString() };
		this.rules.push({ ...rule, regex: spec.path !== undefined ? new RegExp(spec.path) : undefined });
		return rule;
	}

	list(): FaultRule[] {
		return this.rules.map(({ regex: _regex, ...rule }) => ({ ...rule }));
	}

	clear(): void {
		this.rules = [];
	}

	/** Picks the faults for one request and counts their hits. */
	evaluate(method: string, path: string): FaultDecision {
		const decision: FaultDecision = { latencyMs: 0 };
		for (const rule of this.rules) {
			if (rule.times !== undefined && rule.hits >= rule.times) continue;
			if (rule.method !== undefined && rule.method !== method) continue;
			if (rule.regex && !rule.regex.test(path)) continue;
			if (rule.kind !== 'latency' && decision.terminal) continue;
			if (rule.probability !== undefined && Math.random() >= rule.probability) continue;
			rule.hits++;
			if (rule.kind === 'latency') {
				decision.latencyMs += rule.latencyMs ?? 0;
				decision.logKind ??= 'latency';
			} else {
				decision.terminal = rule;
				decision.logKind = rule.kind;
			}
		}
		return decision;
	}
}
