/**
 * Outgoing webhook deliveries, modelled on Aurora's documented behaviour: a GET to the
 * subscription's url_template with `<TOKEN>` placeholders filled in, no body, an optional
 * header_auth_key/header_auth_value header. The 10 s timeout and the retry ladder
 * (30 s, 5 min, 30 min, 3 h, 20 h) come from third-party notes, not from Aurora's docs.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { pushCapped, type FakeStore } from './store';
import type { DeliveryAttempt, EventAttributes, FakeAuroraConfig } from './types';

/** How much of a receiver's answer body a delivery record keeps. */
export const ANSWER_EXCERPT_CHARS = 200;

/** Delay before retry n (index n-1), in unscaled milliseconds. */
export const RETRY_LADDER_MS: readonly number[] = [30_000, 5 * 60_000, 30 * 60_000, 3 * 3_600_000, 20 * 3_600_000];

interface Delivery {
	deliveryId: string;
	webhookId: string;
	tenantId: string;
	event: string;
	/** Rendered once when the event fires; retries resend the same URL, like a queued job would. */
	url: string;
	/** Deliveries queued before a reset belong to an older generation and are dropped. */
	generation: number;
}

/** Upper-cases keys and stringifies values; null/undefined become absent (rendered as ''). */
export function normaliseAttributes(attributes: EventAttributes): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(attributes)) {
		if (value === null || value === undefined) continue;
		out[key.toUpperCase()] = String(value);
	}
	return out;
}

export function renderUrlTemplate(template: string, attributes: Record<string, string>): string {
	return template.replace(/<([A-Z][A-Z0-9_]*)>/g, (_m, name: string) => encodeURIComponent(attributes[name] ?? ''));
}

function describeError(err: unknown, timeoutMs: number): string {
	// Duck-typed on purpose: AbortSignal.timeout() rejects with a DOMException, which is not an
	// `instanceof Error` in every realm (jest's sandbox, for one).
	if (typeof err !== 'object' || err === null) return String(err);
	const { name, message, code } = err as { name?: unknown; message?: unknown; code?: unknown };
	if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
		return `timeout after ${timeoutMs} ms`;
	}
	const text = typeof message === 'string' ? message : String(err);
	return typeof code === 'string' ? `${code}: ${text}` : text;
}

export class DeliveryEngine {
	// A private agent, so close() can tear down sockets this fake opened without touching
	// the global dispatcher the tests themselves use.
	private readonly agent = new Agent({ keepAliveTimeout: 1_000, connections: 128 });
	/** Scheduled attempts, with their attempt number (1 = first try, not yet started). */
	private readonly timers = new Map<NodeJS.Timeout, number>();
	private readonly inFlight = new Set<Promise<void>>();
	/** Per subscription: when its current run of failed attempts began (performance.now()); cleared by a success. */
	private readonly failingSince = new Map<string, number>();
	private generation = 0;
	private closed = false;

	constructor(
		private readonly store: FakeStore,
		private readonly config: FakeAuroraConfig,
	) {}

	/** An event caused by a state change; delivered only when config.autoDeliver is on. */
	emit(tenantId: string, event: string, attributes: EventAttributes): number {
		return this.fire(tenantId, event, attributes, this.config.autoDeliver);
	}

	/** Records the event and starts one delivery per matching subscription; returns how many matched. */
	fire(tenantId: string, event: string, attributes: EventAttributes, deliver = true): number {
		const tenant = this.store.tenants.get(tenantId);
		if (!tenant) return 0;
		const attrs = normaliseAttributes(attributes);
		const matching = Array.from(tenant.webhooks.values()).filter((s) => s.enabled && s.event === event);
		const doDeliver = deliver && !this.closed;
		pushCapped(this.store.events, { at: new Date().toISOString(), tenantId, event, attributes: attrs, matched: matching.length, delivered: doDeliver });
		if (doDeliver) {
			for (const sub of matching) {
				const delivery: Delivery = {
					deliveryId: randomUUID(),
					webhookId: sub.id,
					tenantId,
					event,
					url: renderUrlTemplate(sub.url_template, attrs),
					generation: this.generation,
				};
				// Always through a timer: the API response that caused the event must not wait.
				this.schedule(delivery, 1, 0);
			}
		}
		return matching.length;
	}

	get pendingRetries(): number {
		let n = 0;
		for (const attempt of this.timers.values()) if (attempt > 1) n++;
		return n;
	}

	private get pendingFirstAttempts(): number {
		return this.timers.size - this.pendingRetries;
	}

	get inFlightCount(): number {
		return this.inFlight.size;
	}

	/** Resolves once no attempt is running (and, with includeRetries, none is scheduled). */
	async idle(options: { includeRetries?: boolean; timeoutMs?: number } = {}): Promise<void> {
		const deadline = Date.now() + (options.timeoutMs ?? 10_000);
		const busy = () => this.inFlight.size > 0 || this.pendingFirstAttempts > 0 || (options.includeRetries === true && this.timers.size > 0);
		while (busy()) {
			if (Date.now() > deadline) throw new Error('deliveries did not settle in time');
			if (this.inFlight.size > 0) await Promise.allSettled(Array.from(this.inFlight));
			else await new Promise((r) => setTimeout(r, 5));
		}
	}

	/** Cancels scheduled retries and forgets queued deliveries (used by admin reset). */
	cancelAll(): void {
		this.generation++;
		for (const t of this.timers.keys()) clearTimeout(t);
		this.timers.clear();
		this.failingSince.clear();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.cancelAll();
		await this.agent.destroy().catch(() => undefined);
		await Promise.allSettled(Array.from(this.inFlight));
	}

	private schedule(delivery: Delivery, attempt: number, delayMs: number): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			const run = this.attempt(delivery, attempt).finally(() => this.inFlight.delete(run));
			this.inFlight.add(run);
		}, delayMs);
		this.timers.set(timer, attempt);
	}

	private async attempt(delivery: Delivery, attempt: number): Promise<void> {
		if (this.closed || delivery.generation !== this.generation) return;
		// enabled is re-checked on every try: a subscription disabled or deleted meanwhile is not retried.
		const sub = this.store.tenants.get(delivery.tenantId)?.webhooks.get(delivery.webhookId);
		if (!sub || !sub.enabled) return;
		const headers: Record<string, string> = { 'user-agent': 'fake-aurora-webhooks/1.0' };
		if (sub.header_auth_key && sub.header_auth_value) headers[sub.header_auth_key] = sub.header_auth_value;
		const timeoutMs = this.config.deliveryTimeoutMs;
		const startedAt = new Date();
		const started = performance.now();
		let status: number | undefined;
		let retryAfter: string | undefined;
		let answer: string | undefined;
		let error: string | undefined;
		try {
			const res = await request(delivery.url, {
				method: 'GET',
				headers,
				dispatcher: this.agent,
				signal: AbortSignal.timeout(timeoutMs),
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
			});
			status = res.statusCode;
			const header = res.headers['retry-after'];
			retryAfter = Array.isArray(header) ? header.join(', ') : header;
			answer = (await res.body.text()).slice(0, ANSWER_EXCERPT_CHARS);
		} catch (err) {
			error = describeError(err, timeoutMs);
		}
		if (this.closed || delivery.generation !== this.generation) return;
		const ok = status !== undefined && status >= 200 && status < 300 && error === undefined;
		const autoDisabled = this.trackFailures(delivery, ok, started);
		const canRetry = !ok && !autoDisabled && attempt <= RETRY_LADDER_MS.length;
		const nextRetryInMs = canRetry ? Math.round(RETRY_LADDER_MS[attempt - 1] * this.config.timeScale) : null;
		const record: DeliveryAttempt = {
			deliveryId: delivery.deliveryId,
			webhookId: delivery.webhookId,
			tenantId: delivery.tenantId,
			event: delivery.event,
			url: delivery.url,
			attempt,
			ok,
			at: startedAt.toISOString(),
			durationMs: Math.round(performance.now() - started),
			nextRetryInMs,
		};
		if (status !== undefined) record.status = status;
		if (retryAfter !== undefined) record.retryAfter = retryAfter;
		if (answer) record.answer = answer;
		if (error !== undefined) record.error = error;
		if (autoDisabled) record.autoDisabled = true;
		pushCapped(this.store.deliveries, record);
		if (nextRetryInMs !== null) this.schedule(delivery, attempt + 1, nextRetryInMs);
	}

	/**
	 * Aurora's auto-disable: a subscription whose attempts have all failed for autoDisableAfterMs
	 * (counted from the start of the first failed attempt since its last success) is disabled.
	 * Returns true when this attempt disabled it.
	 */
	private trackFailures(delivery: Delivery, ok: boolean, attemptStarted: number): boolean {
		const id = delivery.webhookId;
		if (ok) {
			this.failingSince.delete(id);
			return false;
		}
		const since = this.failingSince.get(id) ?? attemptStarted;
		this.failingSince.set(id, since);
		const window = this.config.autoDisableAfterMs;
		if (window <= 0 || performance.now() - since < window) return false;
		// Looked up again: the subscription may have been replaced (PUT) or deleted during the attempt.
		const tenant = this.store.tenants.get(delivery.tenantId);
		const sub = tenant?.webhooks.get(id);
		if (!tenant || !sub || !sub.enabled) return false;
		tenant.webhooks.set(id, { ...sub, enabled: false });
		// A later re-enable starts a fresh window.
		this.failingSince.delete(id);
		return true;
	}
}
