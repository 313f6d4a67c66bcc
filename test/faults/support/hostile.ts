/**
 * Hostile deliveries against the trigger's production URL: fuzzed and oversized ids, path
 * traversal, unknown or foreign events, wrong or missing secrets, wrong methods. None of them may
 * make n8n call Aurora. Those that carry the right secret for the event (`authentic`) must reach the
 * user as an execution whose item carries `error`; the rest start nothing. Deterministic (seeded),
 * so a failure can be replayed.
 */
import { randomUUID } from 'crypto';

export interface HostileDelivery {
	category: 'fuzzed id' | 'oversized id' | 'path traversal' | 'unknown event' | 'wrong secret' | 'missing secret' | 'wrong method';
	description: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	/** The right secret for the event, GET, at the hook: only the attributes are wrong. */
	authentic?: boolean;
}

export interface HostileTarget {
	/** The production webhook URL, without query. */
	hook: string;
	event: string;
	secret: string;
	/** The secret of the trigger's other subscription (another event). */
	otherEvent: string;
	otherSecret: string;
	/** A real lead's id, so only the one thing under test is wrong. */
	leadId: string;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FUZZ = [
	'', ' ', 'null', 'undefined', '0', '-1', '1e309', 'true', '[]', '{}', '%00', '\u0000', '\u202e', '😀😀😀',
	"' OR 1=1 --", '"; DROP TABLE leads; --', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '={{ $env }}',
	'3fa85f64-5717-4562-b3fc-2c963f66afa', '3fa85f64-5717-4562-b3fc-2c963f66afa6x', '3fa85f64571745 62b3fc2c963f66afa6',
	'g3fa85f6-5717-4562-b3fc-2c963f66afa6', '3fa85f64-5717-4562-b3fc-2c963f66afa6?x=1', '3fa85f64-5717-4562-b3fc-2c963f66afa6#frag',
	'3fa85f64-5717-4562-b3fc-2c963f66afa6/convert', '3fa85f64-5717-4562-b3fc-2c963f66afa6%2Fconvert', 'http://evil.example/',
	'//evil.example', '\\\\evil\\share', '%E0%A4%A', '%', '%%', '\r\nX-Injected: 1',
];
const TRAVERSAL = [
	'../../webhooks', '..%2F..%2Fwebhooks', '%2e%2e%2f%2e%2e%2fwebhooks', '..\\..\\webhooks', '....//....//webhooks',
	'3fa85f64-5717-4562-b3fc-2c963f66afa6/../../webhooks', '..%252F..%252Fwebhooks', '/etc/passwd', '../../../../../../etc/passwd',
	'..;/..;/webhooks', '%2F..%2F..%2Ftenants%2Fother%2Fleads',
];

function query(parts: Array<[string, string]>): string {
	return parts.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

export function hostileDeliveries(target: HostileTarget, count: number, seed = 42): HostileDelivery[] {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const header = { 'x-aurora-webhook-secret': target.secret };
	const valid = (leadId: string): Array<[string, string]> => [['aurora_event', target.event], ['lead_id', leadId], ['aurora_secret', target.secret]];
	const makers: Array<() => HostileDelivery> = [
		() => {
			const id = pick(FUZZ);
			return { category: 'fuzzed id', description: `lead_id=${JSON.stringify(id).slice(0, 40)}`, method: 'GET', url: `${target.hook}?${query(valid(id))}`, headers: header, authentic: true };
		},
		() => {
			const size = pick([257, 1_000, 4_000, 7_000]);
			const id = `${target.leadId}${'a'.repeat(size)}`.slice(0, size);
			return { category: 'oversized id', description: `lead_id of ${size} characters`, method: 'GET', url: `${target.hook}?${query(valid(id))}`, headers: header, authentic: true };
		},
		() => ({
			category: 'oversized id',
			description: 'lead_id sent twice',
			method: 'GET',
			url: `${target.hook}?${query([...valid(target.leadId), ['lead_id', randomUUID()]])}`,
			headers: header,
			authentic: true,
		}),
		() => {
			const id = pick(TRAVERSAL);
			return { category: 'path traversal', description: `lead_id=${id}`, method: 'GET', url: `${target.hook}?${query(valid(id))}`, headers: header, authentic: true };
		},
		() => {
			const suffix = pick(['/../../rest/workflows', '/..%2F..%2Frest%2Fworkflows', '/%2e%2e/%2e%2e/healthz', '%2F..%2Fwebhook']);
			return { category: 'path traversal', description: `URL path ${suffix}`, method: 'GET', url: `${target.hook}${suffix}?${query(valid(target.leadId))}`, headers: header };
		},
		() => {
			const event = pick(['lead_deleted', '', 'LEAD_CREATED', 'lead_created ', 'project_created', target.otherEvent, '__proto__', 'constructor', 'toString']);
			const secret = target.secret;
			return {
				category: 'unknown event',
				description: `aurora_event=${JSON.stringify(event)}${event === target.otherEvent ? ' with the first event\'s secret' : ''}`,
				method: 'GET',
				url: `${target.hook}?${query([['aurora_event', event], ['lead_id', target.leadId], ['aurora_secret', secret]])}`,
				headers: { 'x-aurora-webhook-secret': secret },
			};
		},
		() => ({
			category: 'unknown event',
			description: 'aurora_event sent twice',
			method: 'GET',
			url: `${target.hook}?${query([['aurora_event', target.event], ['aurora_event', target.otherEvent], ['lead_id', target.leadId], ['aurora_secret', target.secret]])}`,
			headers: header,
		}),
		() => {
			const wrong = pick([
				['the other subscription\'s secret', target.otherSecret],
				['a truncated secret', target.secret.slice(0, 63)],
				['the secret upper-cased', target.secret.toUpperCase()],
				['the secret plus one character', `${target.secret}0`],
				['64 zeros', '0'.repeat(64)],
				['a random secret', randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '')],
			] as const);
			const where = pick(['header', 'query', 'both']);
			const parts: Array<[string, string]> = [['aurora_event', target.event], ['lead_id', target.leadId]];
			if (where !== 'header') parts.push(['aurora_secret', wrong[1]]);
			return {
				category: 'wrong secret',
				description: `${wrong[0]} in the ${where}`,
				method: 'GET',
				url: `${target.hook}?${query(parts)}`,
				headers: where === 'query' ? ({} as Record<string, string>) : { 'x-aurora-webhook-secret': wrong[1] },
			};
		},
		() => {
			const variant = pick(['none', 'empty header', 'empty query', 'secret in another header', 'secret as basic auth']);
			const parts: Array<[string, string]> = [['aurora_event', target.event], ['lead_id', target.leadId]];
			const headers: Record<string, string> = {};
			if (variant === 'empty header') headers['x-aurora-webhook-secret'] = '';
			if (variant === 'empty query') parts.push(['aurora_secret', '']);
			if (variant === 'secret in another header') headers['x-webhook-secret'] = target.secret;
			if (variant === 'secret as basic auth') headers.authorization = `Basic ${Buffer.from(`aurora:${target.secret}`).toString('base64')}`;
			return { category: 'missing secret', description: variant, method: 'GET', url: `${target.hook}?${query(parts)}`, headers };
		},
		() => {
			const raw = pick(['%E0%A4%A', '%', '%zz', '%00%00', '%C0%AE%C0%AE%2F']);
			return {
				category: 'fuzzed id',
				description: `malformed percent-encoding lead_id=${raw}`,
				method: 'GET',
				url: `${target.hook}?aurora_event=${target.event}&lead_id=${raw}&aurora_secret=${target.secret}`,
				headers: header,
				authentic: true,
			};
		},
		() => {
			const method = pick(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
			return { category: 'wrong method', description: `${method} with a valid secret and lead`, method, url: `${target.hook}?${query(valid(target.leadId))}`, headers: header };
		},
	];
	return Array.from({ length: count }, (_, index) => makers[index % makers.length]());
}
