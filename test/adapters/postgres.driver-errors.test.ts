import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'vitest';
import { driverError, unavailableReason } from '../../adapters/postgres/driver-errors.js';
import type { PostgresPool, PostgresPoolClient } from '../../adapters/postgres/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { StoreUnavailableError, TransactionConflictError } from '../../src/errors/errors.js';
import { isRetryable } from '../../src/service/runtime/retry.js';

/** An error shaped as pg's: a message and a SQLSTATE or errno `code`. */
const pgError = (code: string | undefined, message = `error ${code}`) =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe('postgres driver errors', () => {
  it('reads lost connections, refused connections and a shutting-down server as unavailable', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08003', '08P01', 'ECONNRESET', 'EPIPE'])
      assert.ok(unavailableReason(pgError(code)), code);
    assert.ok(unavailableReason(new Error('Connection terminated unexpectedly')));
    assert.ok(unavailableReason(new Error('Client has encountered a connection error and is not queryable')));
    assert.ok(unavailableReason(new Error('timeout exceeded when trying to connect')));
    for (const code of ['23505', '22P05', '42P01', undefined])
      assert.equal(unavailableReason(pgError(code)), undefined);
  });

  it('types them: lost races as TransactionConflictError, lost connections as StoreUnavailableError', () => {
    const race = driverError(pgError('40P01'), 'acme');
    assert.ok(race instanceof TransactionConflictError);
    const gone = driverError(pgError('57P01'), 'acme');
    assert.ok(gone instanceof StoreUnavailableError);
    assert.equal(gone.code, 'STORE_UNAVAILABLE');
    assert.equal((gone.cause as Error).message, 'error 57P01');
    // What the call threw after the connection broke is a consequence of the break.
    const after = driverError(new Error('some later failure'), 'acme', pgError('57P01'));
    assert.ok(after instanceof StoreUnavailableError);
    // Anything else is not the driver's to explain: passed through.
    assert.equal(driverError(pgError('23505'), 'acme'), undefined);
    assert.ok(isRetryable(gone) && isRetryable(race));
  });
});

/**
 * A pool lending one client whose backend dies on the `failAt`-th statement: the statement rejects with
 * 57P01 and the client emits `'error'`, as pg's does. An `'error'` event nobody listens to throws, as in
 * Node, which is what crashed hosts.
 */
function dyingPool(failAt: number): { pool: PostgresPool; released: unknown[] } {
  const released: unknown[] = [];
  let statements = 0;
  const pool: PostgresPool = {
    query: async () => ({ rows: [] }),
    connect: async () => {
      const client = new EventEmitter() as EventEmitter & PostgresPoolClient;
      client.query = async (text: string) => {
        statements++;
        if (statements === failAt) {
          // pg reports the server's FATAL on the connection, then rejects the query.
          queueMicrotask(() => client.emit('error', new Error('Connection terminated unexpectedly')));
          throw pgError('57P01', 'terminating connection due to administrator command');
        }
        if (statements > failAt && text !== 'BEGIN')
          throw new Error('Client was closed and is not queryable');
        return { rows: [] };
      };
      client.release = (error?: unknown) => {
        released.push(error);
      };
      return client;
    },
  };
  return { pool, released };
}

describe('postgres store: a connection that dies mid-transaction', () => {
  it('rejects with StoreUnavailableError, hears the client’s error event, and discards the client', async () => {
    const { pool, released } = dyingPool(2);
    const store = new PostgresStore(pool, { pooled: true });
    await assert.rejects(
      store.transaction('acme', (tx) => tx.contacts.get('c_1')),
      (error: unknown) => error instanceof StoreUnavailableError,
    );
    // The 'error' event came after the rejection; it was heard (emitting did not throw) and the client
    // was released as broken, so the pool drops it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(released.length, 1);
    assert.ok(released[0] instanceof Error);
  });

  it('maps a pool that cannot connect (too many connections) to StoreUnavailableError', async () => {
    const pool: PostgresPool = {
      query: async () => ({ rows: [] }),
      connect: async () => {
        throw pgError('53300', 'sorry, too many clients already');
      },
    };
    const store = new PostgresStore(pool, { pooled: true });
    await assert.rejects(
      store.transaction('acme', async () => 1),
      (error: unknown) =>
        error instanceof StoreUnavailableError && /too many connections/.test(error.message),
    );
  });
});
