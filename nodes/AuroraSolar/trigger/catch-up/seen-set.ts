import { createHash } from 'crypto';


/**
 * What the catch-up sweep has seen of one Aurora list, in 12 bytes per object: 8 bytes of the SHA-256
 * of its id (no two of 100,000 ids share them but with odds of about 1 in 10^9) and 4 bytes of the
 * SHA-256 of its content (0 when the content is not compared). Stored in static data as one base64
 * string, 16 characters per object, so that n8n's per-request load of static data parses one string,
 * not one JSON value per object.
 */
export interface Fingerprint {
	hi: number;
	lo: number;
}

const RECORD_BYTES = 12;

export function fingerprint(id: string): Fingerprint {
	const digest = createHash('sha256').update(id).digest();
	return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4) };
}

function keyOf({ hi, lo }: Fingerprint): string {
	return `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

export class SeenSet {
	/** Sorted by (hi, lo): a compact base that a binary search reads. */
	private hi: Uint32Array;
	private lo: Uint32Array;
	private content: Uint32Array;
	/** What changed since the last compaction; `content: null` removes an object of the base. */
	private readonly overlay = new Map<string, { fp: Fingerprint; content: number | null }>();

	private constructor(hi: Uint32Array, lo: Uint32Array, content: Uint32Array) {
		this.hi = hi;
		this.lo = lo;
		this.content = content;
	}

	static empty(): SeenSet {
		return new SeenSet(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0));
	}

	/** Reads the stored form; anything damaged reads as an empty set (the caller then takes a new baseline). */
	static decode(encoded: string): SeenSet | undefined {
		const bytes = Buffer.from(encoded, 'base64');
		if (bytes.length % RECORD_BYTES !== 0 || bytes.toString('base64') !== encoded) return undefined;
		const count = bytes.length / RECORD_BYTES;
		const records = Array.from({ length: count }, (_, index) => ({
			hi: bytes.readUInt32BE(index * RECORD_BYTES),
			lo: bytes.readUInt32BE(index * RECORD_BYTES + 4),
			content: bytes.readUInt32BE(index * RECORD_BYTES + 8),
		}));
		return SeenSet.fromRecords(records);
	}

	private static fromRecords(records: Array<Fingerprint & { content: number }>): SeenSet {
		records.sort((a, b) => a.hi - b.hi || a.lo - b.lo);
		const set = new SeenSet(new Uint32Array(records.length), new Uint32Array(records.length), new Uint32Array(records.length));
		records.forEach((record, index) => {
			set.hi[index] = record.hi;
			set.lo[index] = record.lo;
			set.content[index] = record.content;
		});
		return set;
	}

	private indexOf({ hi, lo }: Fingerprint): number {
		let low = 0;
		let high = this.hi.length - 1;
		while (low <= high) {
			const middle = (low + high) >>> 1;
			const order = this.hi[middle] - hi || this.lo[middle] - lo;
			if (order === 0) return middle;
			if (order < 0) low = middle + 1;
			else high = middle - 1;
		}
		return -1;
	}

	/** The content hash recorded for the object (0 if its content was not compared), or undefined if never seen. */
	get(fp: Fingerprint): number | undefined {
		const changed = this.overlay.get(keyOf(fp));
		if (changed) return changed.content ?? undefined;
		const index = this.indexOf(fp);
		return index < 0 ? undefined : this.content[index];
	}

	/** Records the object with this content hash; `undefined` forgets it (an emit that could not start). */
	set(fp: Fingerprint, content: number | undefined): void {
		const key = keyOf(fp);
		const index = this.indexOf(fp);
		if (index >= 0 && content !== undefined && !this.overlay.has(key)) {
			this.content[index] = content;
			return;
		}
		if (content === undefined && index < 0) this.overlay.delete(key);
		else this.overlay.set(key, { fp, content: content ?? null });
	}

	get size(): number {
		let size = this.hi.length;
		for (const { fp, content } of this.overlay.values()) {
			const inBase = this.indexOf(fp) >= 0;
			if (content === null && inBase) size--;
			if (content !== null && !inBase) size++;
		}
		return size;
	}

	/** Folds the additions into the sorted base, so that lookups stay binary searches. */
	compact(): void {
		if (this.overlay.size === 0) return;
		const records: Array<Fingerprint & { content: number }> = [];
		for (let index = 0; index < this.hi.length; index++) {
			const changed = this.overlay.get(keyOf({ hi: this.hi[index], lo: this.lo[index] }));
			if (changed) continue;
			records.push({ hi: this.hi[index], lo: this.lo[index], content: this.content[index] });
		}
		for (const { fp, content } of this.overlay.values()) if (content !== null) records.push({ ...fp, content });
		this.overlay.clear();
		const compacted = SeenSet.fromRecords(records);
		this.hi = compacted.hi;
		this.lo = compacted.lo;
		this.content = compacted.content;
	}

	encode(): string {
		this.compact();
		const bytes = Buffer.alloc(this.hi.length * RECORD_BYTES);
		for (let index = 0; index < this.hi.length; index++) {
			bytes.writeUInt32BE(this.hi[index], index * RECORD_BYTES);
			bytes.writeUInt32BE(this.lo[index], index * RECORD_BYTES + 4);
			bytes.writeUInt32BE(this.content[index], index * RECORD_BYTES + 8);
		}
		return bytes.toString('base64');
	}
}
