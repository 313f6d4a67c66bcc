/**
 * Turns a V8 CPU profile of n8n into "where the time goes": busy CPU time by owner (our package,
 * n8n's packages, node core, GC), and the functions with the most self time. Native frames
 * (no URL) are charged to the nearest JavaScript caller's owner.
 */
import type { CpuProfile, CpuProfileNode } from './inspector';

export interface ProfileSummary {
	/** Sampled wall time of the profile, ms. */
	totalMs: number;
	/** Everything but (idle), ms. */
	busyMs: number;
	byOwner: Array<{ owner: string; ms: number }>;
	topFunctions: Array<{ fn: string; owner: string; ms: number }>;
	/** Samples with a frame of the Aurora package anywhere on the stack (synchronous work it caused), ms. */
	underPackageMs: number;
	/** Self time of frames under the package's frames, by function, ms. */
	underPackageTop: Array<{ fn: string; owner: string; ms: number }>;
}

const PACKAGE = 'n8n-nodes-aurora-solar';

export function ownerOf(url: string): string | undefined {
	if (!url) return undefined;
	if (url.includes(`/node_modules/${PACKAGE}/`)) return PACKAGE;
	if (url.startsWith('node:')) return 'node core';
	const path = url.replace(/^file:\/\//, '');
	const index = path.lastIndexOf('/node_modules/');
	if (index < 0) return path.startsWith('/') ? 'other file' : 'node core';
	const rest = path.slice(index + '/node_modules/'.length).split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function label(node: CpuProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '');
	return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function top(map: Map<string, { owner: string; ms: number }>, count: number) {
	return [...map.entries()]
		.map(([fn, value]) => ({ fn, owner: value.owner, ms: value.ms }))
		.sort((a, b) => b.ms - a.ms)
		.slice(0, count);
}

export function summarizeProfile(profile: CpuProfile, topCount = 25): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	const ownerCache = new Map<number, string>();
	const owner = (id: number): string => {
		const cached = ownerCache.get(id);
		if (cached) return cached;
		const node = byId.get(id) as CpuProfileNode;
		const name = node.callFrame.functionName;
		let result: string | undefined;
		if (name === '(garbage collector)') result = 'GC';
		else if (name === '(idle)') result = 'idle';
		else if (name === '(program)') result = 'V8/native (program)';
		else result = ownerOf(node.callFrame.url);
		if (!result) {
			const up = parent.get(id);
			result = up === undefined ? 'native' : owner(up);
		}
		ownerCache.set(id, result);
		return result;
	};
	const underPackage = new Map<number, boolean>();
	const isUnderPackage = (id: number): boolean => {
		const cached = underPackage.get(id);
		if (cached !== undefined) return cached;
		const node = byId.get(id) as CpuProfileNode;
		const up = parent.get(id);
		const result = node.callFrame.url.includes(`/node_modules/${PACKAGE}/`) || (up !== undefined && isUnderPackage(up));
		underPackage.set(id, result);
		return result;
	};

	const owners = new Map<string, number>();
	const functions = new Map<string, { owner: string; ms: number }>();
	const packageFunctions = new Map<string, { owner: string; ms: number }>();
	let totalMs = 0;
	let underPackageMs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
		const id = profile.samples[i];
		const node = byId.get(id) as CpuProfileNode;
		const who = owner(id);
		totalMs += ms;
		owners.set(who, (owners.get(who) ?? 0) + ms);
		if (who === 'idle') continue;
		const fn = label(node);
		const entry = functions.get(fn) ?? { owner: who, ms: 0 };
		entry.ms += ms;
		functions.set(fn, entry);
		if (isUnderPackage(id)) {
			underPackageMs += ms;
			const packageEntry = packageFunctions.get(fn) ?? { owner: who, ms: 0 };
			packageEntry.ms += ms;
			packageFunctions.set(fn, packageEntry);
		}
	}
	const byOwner = [...owners.entries()].map(([name, ms]) => ({ owner: name, ms })).sort((a, b) => b.ms - a.ms);
	return {
		totalMs,
		busyMs: totalMs - (owners.get('idle') ?? 0),
		byOwner,
		topFunctions: top(functions, topCount),
		underPackageMs,
		underPackageTop: top(packageFunctions, topCount),
	};
}

/**
 * The distinct call stacks (outermost first, JavaScript frames only) that lead to a function
 * whose name matches, with the sampled time below them: "who makes n8n build an isolate?".
 */
export function stacksTo(profile: CpuProfile, functionName: RegExp, limit = 5): Array<{ ms: number; stack: string[] }> {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const selfMs = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i];
		selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000);
	}
	const totalMs = new Map<number, number>();
	const total = (id: number): number => {
		const cached = totalMs.get(id);
		if (cached !== undefined) return cached;
		const node = byId.get(id) as CpuProfileNode;
		const sum = (selfMs.get(id) ?? 0) + (node.children ?? []).reduce((acc, child) => acc + total(child), 0);
		totalMs.set(id, sum);
		return sum;
	};
	const stacks = new Map<string, { ms: number; stack: string[] }>();
	for (const node of profile.nodes) {
		if (!functionName.test(node.callFrame.functionName)) continue;
		// Outermost match only, so nested matches are not counted twice.
		let up = parent.get(node.id);
		let nested = false;
		const stack: string[] = [];
		while (up !== undefined) {
			const frame = byId.get(up) as CpuProfileNode;
			if (functionName.test(frame.callFrame.functionName)) nested = true;
			if (frame.callFrame.url) stack.unshift(label(frame));
			up = parent.get(up);
		}
		if (nested) continue;
		const key = stack.join(' > ');
		const entry = stacks.get(key) ?? { ms: 0, stack };
		entry.ms += total(node.id);
		stacks.set(key, entry);
	}
	return [...stacks.values()].sort((a, b) => b.ms - a.ms).slice(0, limit);
}
