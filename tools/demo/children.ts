/**
 * Processes this demo started and might leave behind when it gives up early: an `npm install` of the
 * runtime, `npm run build`, `npm pack`. (n8n itself is stopped through the harness.) Found by walking
 * /proc from our own pid, so nothing that another process started is ever touched.
 */
import * as fs from 'node:fs';

function parentOf(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// "pid (comm) state ppid …": comm may contain spaces and parentheses
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[1]);
	} catch {
		return undefined;
	}
}

/** Every live descendant of `root` (children first, then theirs). Empty where /proc is missing. */
export function descendants(root = process.pid): number[] {
	let pids: number[];
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
	} catch {
		return [];
	}
	const children = new Map<number, number[]>();
	for (const pid of pids) {
		const parent = parentOf(pid);
		if (parent === undefined) continue;
		children.set(parent, [...(children.get(parent) ?? []), pid]);
	}
	const found: number[] = [];
	const queue = [root];
	while (queue.length) {
		for (const child of children.get(queue.shift() as number) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

/** SIGTERM every descendant of this process. */
export function terminateChildren(): number {
	const pids = descendants();
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	return pids.length;
}
