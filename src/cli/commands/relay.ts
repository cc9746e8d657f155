import { parseArgs } from 'node:util';
import { ValidationError } from '../../errors/errors.js';
import {
  addRelayReports,
  createRelay,
  emptyRelayReport,
  type Relay,
  type RelayReport,
} from '../../service/webhook-relay.js';
import { parseCommandLineOf } from '../command-line.js';
import { openStoreOf, storeLocationOf, usageOf } from '../store-command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit relay [--db PATH | --pg URL [--schema NAME]] [--concurrency N] [--timeout-ms MS]
                       [--poll-ms MS] [--allow-private-addresses] [--once] [--json]

Delivers the webhooks of every workspace in a store: reads each workspace's log, sends each event
to the endpoints subscribed to it, signed per Standard Webhooks, retries on a schedule, and records
every attempt. The store is a SQLite file (default ./contactkit.db) or Postgres (--pg, schema
contactkit unless --schema says). Several relays may run at once on one store.

It runs until SIGTERM or SIGINT, then finishes the requests in flight and stops. --once delivers
what is due and stops (for a scheduler). --allow-private-addresses lets it reach loopback and
private addresses (development only).

--json prints the totals as JSON when it stops. Exit codes: 0 stopped cleanly, 1 the store could not
be used, 2 bad usage.
`;

interface RelayArgs {
  readonly db: string;
  readonly pg: string | undefined;
  readonly schema: string | undefined;
  readonly concurrency: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly pollMs: number | undefined;
  readonly allowPrivate: boolean;
  readonly once: boolean;
  readonly json: boolean;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${name} must be a whole number above 0`);
  return Number(value);
}

function parseCommandLine(argv: string[]): RelayArgs | null {
  const options = {
    db: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    concurrency: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'poll-ms': { type: 'string' },
    'allow-private-addresses': { type: 'boolean' },
    once: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const { values } = usageOf(() => parseArgs({ args: argv, options, allowPositionals: false }));
  if (values.help) return null;
  return {
    ...storeLocationOf(values),
    concurrency: positive('concurrency', values.concurrency),
    timeoutMs: positive('timeout-ms', values['timeout-ms']),
    pollMs: positive('poll-ms', values['poll-ms']),
    allowPrivate: values['allow-private-addresses'] ?? false,
    once: values.once ?? false,
    json: values.json ?? false,
  };
}

/**
 * `contactkit relay [--db PATH | --pg URL] [--once] …`: the webhook relay as a process of its own.
 *
 * @returns 0 when it stopped cleanly, 1 when the store could not be used, 2 on bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['--pg', process.env.DATABASE_URL!]);
 * ```
 */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandLineOf('relay', argv, parseCommandLine, USAGE);
  if ('exit' in parsed) return parsed.exit;
  const { args } = parsed;
  const opened = await openStoreOf('relay', args, { mustExist: 'give --db or --pg' });
  if (typeof opened === 'number') return opened;
  const total: RelayReport = emptyRelayReport();
  let relay: Relay;
  try {
    relay = createRelay(opened.store, {
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.timeoutMs === undefined
        ? {}
        : { timeoutMs: args.timeoutMs, leaseMs: Math.max(60_000, 2 * args.timeoutMs + 1000) }),
      ...(args.pollMs === undefined ? {} : { pollMs: args.pollMs }),
      allowPrivateAddresses: args.allowPrivate,
      onPass: (report) => addRelayReports(total, report),
    });
  } catch (error) {
    await opened.close();
    process.stderr.write(`contactkit relay: ${(error as Error).message}\n${USAGE}`);
    return error instanceof ValidationError ? 2 : 1;
  }
  let code = 0;
  try {
    if (args.once) {
      // Passes until one finds nothing to do.
      for (;;) {
        const report = await relay.runOnce();
        addRelayReports(total, report);
        if (report.workspaces === 0) break;
      }
    } else {
      if (!args.json)
        process.stderr.write(`contactkit relay: delivering from ${opened.where} as ${relay.owner}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          resolve();
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
        relay.start();
      });
    }
  } catch (error) {
    process.stderr.write(`contactkit relay: ${(error as Error).message}\n`);
    code = 1;
  } finally {
    await relay.stop();
    await opened.close();
  }
  if (args.json) process.stdout.write(`${JSON.stringify(total)}\n`);
  else if (args.once) {
    process.stdout.write(
      `${total.delivered} delivered, ${total.retrying} to retry, ${total.failed} failed, ${total.disabled} endpoints disabled\n`,
    );
  }
  return code;
}
