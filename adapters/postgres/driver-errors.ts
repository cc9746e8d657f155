import { StoreUnavailableError, TransactionConflictError } from '../../src/errors/errors.js';
import type { PostgresPoolClient } from './postgres-driver.js';

/*
 * What the errors of a Postgres driver (pg, PGlite) mean to contactkit, in one place, so that every
 * store class over Postgres maps them alike. Two kinds are typed, both retried by the service:
 * - a lost race (deadlock, serialization failure): TransactionConflictError;
 * - a lost or refused connection: StoreUnavailableError.
 * Anything else is passed through as it is: it is a bug or a constraint contactkit does not expect, and
 * hiding it behind a retry would hide the bug.
 */

/** SQLSTATEs of a transaction that lost a race and was rolled back: running it again succeeds. */
const LOST_RACE: Readonly<Record<string, string>> = {
  '40P01': 'deadlock detected',
  '40001': 'could not serialize access',
};

/**
 * SQLSTATEs after which the connection is gone or none can be had (class 08 is matched by prefix):
 * the server is shutting down, crashed or starting, the backend was terminated, too many connections,
 * or the session timed out.
 */
const UNAVAILABLE: Readonly<Record<string, string>> = {
  '57P01': 'the server terminated the connection (admin shutdown or pg_terminate_backend)',
  '57P02': 'the server crashed',
  '57P03': 'the server cannot accept connections now (starting up or shutting down)',
  '57P05': 'the session was idle too long',
  '53300': 'too many connections',
  '25P03': 'the transaction was idle too long',
};

/** Network errors of Node's sockets, as pg passes them on. */
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** pg's own words when a connection ends under a query or cannot be had. */
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:was )?closed/i,
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why `error` means the connection is lost or refused, or undefined when it does not. */
export function unavailableReason(error: unknown): string | undefined {
  const code = codeOf(error);
  if (code !== undefined) {
    if (UNAVAILABLE[code]) return `${UNAVAILABLE[code]} (${code})`;
    if (code.startsWith('08')) return `connection failure (${code})`;
    if (NETWORK.has(code)) return `network error (${code})`;
  }
  const message = error instanceof Error ? error.message : undefined;
  if (message !== undefined && CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
    return `connection lost (${message})`;
  return undefined;
}

/**
 * The typed error a driver error stands for, with the driver's error as `cause`, or undefined when it
 * stands for none (then throw it as it is). `broken` is an error the connection itself reported while
 * the call ran (its `'error'` event): whatever the call then threw is a consequence of it.
 *
 * @example
 * ```ts
 * catch (error) { throw driverError(error, 'acme') ?? error }
 * ```
 */
export function driverError(
  error: unknown,
  workspaceId: string | undefined,
  broken?: Error,
): TransactionConflictError | StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError || error instanceof TransactionConflictError) return error;
  const code = codeOf(error);
  const race = code === undefined ? undefined : LOST_RACE[code];
  if (race !== undefined && workspaceId !== undefined)
    return new TransactionConflictError(workspaceId, race, { cause: error });
  const reason = unavailableReason(error) ?? (broken ? unavailableReason(broken) : undefined);
  if (reason !== undefined) return new StoreUnavailableError(reason, { cause: broken ?? error });
  return undefined;
}

/** The lease of a pool client whose `'error'` event reaches contactkit: where that error is noted. */
export interface WatchedLease {
  /** Set when the connection must not be reused: the error that broke it. */
  broken?: Error;
}

const leases = new WeakMap<PostgresPoolClient, WatchedLease>();

/**
 * Listens for `'error'` on a client checked out of a pool, once per client, and notes the error in the
 * lease it is lent under. pg emits `'error'` on a client whose backend dies (pg_terminate_backend, a
 * server restart); while the client is checked out, the pool listens no more, and an `'error'` event
 * nobody listens to crashes the host process. The listener stays for the client's life: while the
 * client is idle the pool's own listener reports to the host, and this one only notes it.
 *
 * @example
 * ```ts
 * const client = await pool.connect();
 * const lease = watchClient(client); // …queries… then client.release(lease.broken)
 * ```
 */
export function watchClient(client: PostgresPoolClient): WatchedLease {
  const lease: WatchedLease = {};
  if (!leases.has(client) && typeof client.on === 'function') {
    client.on('error', (error: Error) => {
      const current = leases.get(client);
      if (current) current.broken ??= error;
    });
  }
  leases.set(client, lease);
  return lease;
}
