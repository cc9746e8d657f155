import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { ValidationError } from '../../errors/errors.js';
import { type ApiKeys, apiKeyAuthenticator, parseApiKeys } from '../../http/api-keys.js';
import { fileSpool } from '../../http/file-spool.js';
import { createHttpHandler } from '../../http/handler.js';
import type { Authenticate } from '../../http/options.js';
import { createContactkit } from '../../service/contactkit.js';
import { parseCommandLineOf } from '../command-line.js';
import { DEFAULT_WORKSPACE, MissingDriverError, type OpenedStore, openStore } from '../store.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: contactkit serve [--db FILE | --pg URL] [--port 8080] [--host 127.0.0.1] [--insecure-dev] [--json]

Serves the HTTP API (/api/v1, reference page at /api/v1/docs) over a SQLite store (default
./contactkit.db, created and migrated on first use) or a Postgres database (--pg postgres://…).

API keys come from the environment: CONTACTKIT_API_KEYS="key1=workspaceA,key2=workspaceB", sent as
"Authorization: Bearer key1". Without keys the server refuses to start, unless --insecure-dev: then
every request acts in workspace "${DEFAULT_WORKSPACE}", and the server binds to 127.0.0.1 only.

On SIGTERM or SIGINT it stops taking connections, finishes the requests in flight (30 s at most),
closes the store and exits 0. --json prints {"listening": URL} once listening. Exit codes: 0 stopped cleanly, 1 failed, 2 bad usage.
`;

/** How long in-flight requests may take to finish once the server is asked to stop. */
const GRACE_MS = 30_000;

/** Hosts that are this machine only. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The store `serve` opens when `CONTACTKIT_SERVE_STORE=memory`: for tests only (nothing is kept), until
 * the SQL adapters can be started in a test process here.
 */
export const SERVE_STORE_ENV = 'CONTACTKIT_SERVE_STORE';

function parseCommandLine(argv: string[]) {
  const options = {
    db: { type: 'string' },
    pg: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'insecure-dev': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: false }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: false });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return null;
  if (values.db !== undefined && values.pg !== undefined) throw new UsageError('give --db or --pg, not both');
  const portText = values.port ?? '8080';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535)
    throw new UsageError(`--port is a number from 0 to 65535, got "${portText}"`);
  const insecureDev = values['insecure-dev'] ?? false;
  if (insecureDev && values.host !== undefined && !LOOPBACK.has(values.host))
    throw new UsageError(`--insecure-dev binds to 127.0.0.1 only; --host ${values.host} is refused`);
  return {
    db: values.db,
    pg: values.pg,
    port: Number(portText),
    host: values.host ?? '127.0.0.1',
    insecureDev,
    json: values.json ?? false,
  };
}

/** What `serve` listens with. */
export interface ServeOptions {
  readonly opened: OpenedStore;
  readonly authenticate: Authenticate;
  readonly port: number;
  readonly host: string;
}

/** A running API server. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Stops taking connections, waits for the requests in flight (at most `graceMs`), closes the store. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the API on a node:http server over an opened store. Uploads to the import route are spooled
 * on disk, so a large file does not sit in memory.
 *
 * @example
 * ```ts
 * const running = await startServer({ opened, authenticate: () => 'default', port: 0, host: '127.0.0.1' });
 * await running.close();
 * ```
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const kit = createContactkit({ store: options.opened.store });
  const handler = createHttpHandler(kit, {
    authenticate: options.authenticate,
    spool: fileSpool(),
    onError: (error, request, requestId) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(
        `contactkit serve: ${request.method} ${new URL(request.url).pathname} [${requestId}]: ${detail}\n`,
      );
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: handler, port: options.port, hostname: options.host }, () =>
      resolve(started as Server),
    ) as Server;
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close(graceMs = GRACE_MS) {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          // close() stops accepting and closes idle keep-alive connections; each busy one closes once
          // its response is written. Past the grace period, whatever is left is cut.
          const timer = setTimeout(() => server.closeAllConnections(), graceMs);
          timer.unref();
          server.close(() => {
            clearTimeout(timer);
            resolve();
          });
          server.closeIdleConnections();
        });
        await options.opened.close();
      })();
      return closing;
    },
  };
}

/** The authenticate hook of the command: the keys, or in --insecure-dev without keys, everyone. */
function authenticatorOf(keys: ApiKeys, insecureDev: boolean): Authenticate {
  if (keys.size > 0) return apiKeyAuthenticator(keys);
  if (insecureDev) return () => DEFAULT_WORKSPACE;
  throw new UsageError('no API keys: set CONTACTKIT_API_KEYS="key=workspace,…", or pass --insecure-dev');
}

async function openServeStore(args: {
  db: string | undefined;
  pg: string | undefined;
}): Promise<{ opened: OpenedStore; label: string }> {
  if (process.env[SERVE_STORE_ENV] === 'memory') {
    const { MemoryStore } = await import('../../../adapters/memory/index.js');
    const store = new MemoryStore();
    const label = 'a memory store (for tests: nothing is kept)';
    return { opened: { store, where: label, applied: [], close: () => store.close() }, label };
  }
  const opened = await openStore(args);
  return { opened, label: opened.where };
}

/**
 * `contactkit serve [--db FILE | --pg URL] [--port 8080] [--host 127.0.0.1] [--insecure-dev]`: resolves
 * once the server has stopped (SIGTERM or SIGINT).
 *
 * @returns 0 after a clean stop, 1 when the server could not start, 2 on bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['--db', 'contacts.db', '--port', '8080']);
 * ```
 */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommandLineOf('serve', argv, parseCommandLine, USAGE);
  if ('exit' in parsed) return parsed.exit;
  const { args } = parsed;
  let authenticate: Authenticate;
  let keys: ApiKeys;
  try {
    keys = parseApiKeys(process.env.CONTACTKIT_API_KEYS ?? '');
    authenticate = authenticatorOf(keys, args.insecureDev);
  } catch (error) {
    const message =
      error instanceof ValidationError ? `${error.field}: ${error.reason}` : (error as Error).message;
    process.stderr.write(`contactkit serve: ${message}\n`);
    return 2;
  }
  let store: { opened: OpenedStore; label: string };
  try {
    store = await openServeStore(args);
  } catch (error) {
    process.stderr.write(
      `contactkit serve: ${error instanceof MissingDriverError ? error.message : `cannot open the store: ${(error as Error).message}`}\n`,
    );
    return 1;
  }
  let running: RunningServer;
  try {
    running = await startServer({ opened: store.opened, authenticate, port: args.port, host: args.host });
  } catch (error) {
    await store.opened.close();
    process.stderr.write(
      `contactkit serve: cannot listen on ${args.host}:${args.port}: ${(error as Error).message}\n`,
    );
    return 1;
  }
  const who =
    keys.size > 0
      ? `${keys.size} API key${keys.size === 1 ? '' : 's'}`
      : `no keys: every request is workspace "${DEFAULT_WORKSPACE}" (--insecure-dev)`;
  process.stderr.write(`contactkit serve: ${store.label}, ${who}\n`);
  process.stdout.write(
    args.json ? `${JSON.stringify({ listening: running.url })}\n` : `listening on ${running.url}\n`,
  );
  const code = await new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(
        `contactkit serve: ${signal}: finishing requests in flight, then closing the store\n`,
      );
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`contactkit serve: closing failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  process.stderr.write('contactkit serve: stopped\n');
  return code;
}
