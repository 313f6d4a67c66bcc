/** What the benchmark ran on, and whether anything else was running an n8n at the time. */
import { execFileSync } from 'child_process';
import { cpus, loadavg, totalmem } from 'os';
import { readFileSync } from 'fs';

import { sleep } from '../../devkit/http';

export interface MachineInfo {
	cpu: string;
	cores: number;
	memoryGiB: number;
	os: string;
	kernel: string;
	benchNode: string;
	n8nNode: string;
	loadAtStart: number[];
	otherN8nAtStart: string[];
	waitedForQuietS: number;
	quiet: boolean;
}

/** `n8n start` processes that this process did not start. */
export function otherN8nProcesses(ownPids: number[] = []): string[] {
	let out = '';
	try {
		out = execFileSync('pgrep', ['-fa', 'n8n start'], { encoding: 'utf8' });
	} catch {
		return [];
	}
	return out
		.split('\n')
		.filter((line) => line.trim() !== '' && !/pgrep/.test(line))
		.filter((line) => !ownPids.includes(Number(line.split(' ')[0])))
		.map((line) => line.slice(0, 160));
}

export async function waitForQuietMachine(
	maxWaitMs: number,
	log: (line: string) => void,
	ownPids: number[] = [],
): Promise<{ waitedS: number; quiet: boolean; others: string[] }> {
	const started = Date.now();
	for (;;) {
		const others = otherN8nProcesses(ownPids);
		if (others.length === 0) return { waitedS: Math.round((Date.now() - started) / 1000), quiet: true, others };
		if (Date.now() - started > maxWaitMs) return { waitedS: Math.round((Date.now() - started) / 1000), quiet: false, others };
		log(`waiting for a quiet machine: ${others.length} other n8n process(es) running`);
		await sleep(10_000);
	}
}

export function describeMachine(n8nNode: string, quiet: { waitedS: number; quiet: boolean; others: string[] }): MachineInfo {
	let os = 'unknown';
	try {
		os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
	} catch {
		// not Linux
	}
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		os,
		kernel: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
		benchNode: process.version,
		n8nNode: n8nNode,
		loadAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
		otherN8nAtStart: quiet.others,
		waitedForQuietS: quiet.waitedS,
		quiet: quiet.quiet,
	};
}
