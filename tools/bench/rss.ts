/** Samples a process's resident memory from /proc (Linux), for n8n's peak RSS during a batch. */
import { readFileSync } from 'fs';

export interface MemoryReading {
	/** Current resident set size, bytes. */
	rss: number;
	/** The kernel's high-water mark of the RSS since the process started, bytes. */
	hwm: number;
}

export function readMemory(pid: number): MemoryReading | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
		return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
	} catch {
		return undefined;
	}
}

/** Polls the RSS every `intervalMs` until stop(); stop() returns the highest RSS seen (bytes). */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number } {
	let peak = readMemory(pid)?.rss ?? 0;
	const timer = setInterval(() => {
		const reading = readMemory(pid);
		if (reading && reading.rss > peak) peak = reading.rss;
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			const reading = readMemory(pid);
			if (reading && reading.rss > peak) peak = reading.rss;
			return peak;
		},
	};
}
