import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { TransactionConflictError } from '../../src/errors/index.js';
import { isRetryable } from '../../src/service/index.js';
import { makeContact } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a SQLite file whose write lock another process holds', () => {
  it('refuses the transaction with a retryable TransactionConflictError, and writes nothing', async () => {
    const path = join(dir, 'busy.db');
    const ours = new Database(path);
    const store = await SqliteStore.open(ours, { busyTimeoutMs: 50 });
    const theirs = new Database(path);
    theirs.exec('BEGIN IMMEDIATE');
    try {
      const error = await store
        .transaction('ws', (tx) => tx.contacts.insertMany([makeContact('ws', 'c1')]))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionConflictError);
      expect(isRetryable(error)).toBe(true);
    } finally {
      theirs.exec('ROLLBACK');
      theirs.close();
    }
    expect(await store.transaction('ws', (tx) => tx.contacts.count())).toBe(0);
    await store.transaction('ws', (tx) => tx.contacts.insertMany([makeContact('ws', 'c1')]));
    expect(await store.transaction('ws', (tx) => tx.contacts.count())).toBe(1);
    await store.close();
    ours.close();
  });
});
