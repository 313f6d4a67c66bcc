/**
 * Runs the fake Aurora as its own process (demo, benchmarks):
 *   npx tsx devkit/fake-aurora/cli.ts --port 4010 [--host 127.0.0.1] [--rate-limit 90] [--time-scale 0.001]
 * Prints one JSON line `{"url","tenantId","token"}` on stdout once listening, so a parent
 * process can wait for it; everything else goes to stderr. Stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { seedLeads } from './model';
import { startFakeAurora } from './server';
import type { FakeAuroraOptions, LeadEnvelope, WebhookSecretEcho } from './types';

const USAGE = `usage: tsx devkit/fake-aurora/cli.ts [--port 4010] [--host 127.0.0.1] [--rate-limit N]
  [--rate-limit-window-ms 60000] [--time-scale 1] [--delivery-timeout-ms 10000]
  [--lead-envelope bare|wrapped] [--webhook-secret-echo omit|echo] [--auto-disable-after-ms 0] [--seed N]`;

function num(name: string, raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
	return n;
}

function parseCli(argv: string[]): { options: FakeAuroraOptions; seed: number } {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			'rate-limit': { type: 'string' },
			'rate-limit-window-ms': { type: 'string' },
			'time-scale': { type: 'string' },
			'delivery-timeout-ms': { type: 'string' },
			'lead-envelope': { type: 'string' },
			'webhook-secret-echo': { type: 'string' },
			'auto-disable-after-ms': { type: 'string' },
			seed: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
	});
	if (values.help) {
		process.stderr.write(`${USAGE}\n`);
		process.exit(0);
	}
	const options: FakeAuroraOptions = {
		port: num('port', values.port) ?? 4010,
		host: values.host ?? '127.0.0.1',
		rateLimitPerMinute: num('rate-limit', values['rate-limit']),
		rateLimitWindowMs: num('rate-limit-window-ms', values['rate-limit-window-ms']),
		timeScale: num('time-scale', values['time-scale']),
		deliveryTimeoutMs: num('delivery-timeout-ms', values['delivery-timeout-ms']),
		leadEnvelope: values['lead-envelope'] as LeadEnvelope | undefined,
		webhookSecretEcho: values['webhook-secret-echo'] as WebhookSecretEcho | undefined,
		autoDisableAfterMs: num('auto-disable-after-ms', values['auto-disable-after-ms']),
	};
	return { options, seed: num('seed', values.seed) ?? 0 };
}

async function main(): Promise<void> {
	const { options, seed } = parseCli(process.argv.slice(2));
	const fake = await startFakeAurora(options);
	const tenant = fake.store.tenant(fake.tenantId);
	if (seed > 0 && tenant) seedLeads(tenant, seed, new Date().toISOString());
	process.stdout.write(`${JSON.stringify({ url: fake.url, tenantId: fake.tenantId, token: fake.token })}\n`);

	let stopping = false;
	const stop = (signal: NodeJS.Signals): void => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`[fake-aurora] ${signal}: shutting down\n`);
		fake.close().then(
			() => process.exit(0),
			(err: unknown) => {
				process.stderr.write(`[fake-aurora] close failed: ${String(err)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
	process.stderr.write(`[fake-aurora] ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
	process.exit(1);
});
