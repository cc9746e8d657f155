import Database from 'better-sqlite3';
import { MemoryStore } from '../../adapters/memory/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { ContactStore } from '../../src/ports/store.js';
import { type Contactkit, createContactkit } from '../../src/service/index.js';
import { type TestPostgres, testPostgres } from './postgres.js';

/** The adapters contactkit ships, by name. */
export type AdapterName = 'memory' | 'sqlite' | 'postgres';

/** One adapter's store and a kit over it with a fixed clock and counting ids, so runs compare. */
export interface AdapterKit {
  readonly name: AdapterName;
  readonly store: ContactStore;
  readonly kit: Contactkit;
}

/** The three adapters, open, and how to close them. */
export interface ThreeStores {
  readonly adapters: readonly AdapterKit[];
  /** `'postgres'` on the server at CONTACTKIT_PG_URL, else `'pglite'`. */
  readonly postgresEngine: TestPostgres['engine'];
  /** A fresh kit on every adapter again (new SQLite database, new Postgres schema), ids counted from 1. */
  reset(): Promise<readonly AdapterKit[]>;
  close(): Promise<void>;
}

export const FIXED_NOW = new Date('2026-06-01T12:00:00Z');

function kitOver(store: ContactStore): Contactkit {
  let n = 0;
  return createContactkit({
    store,
    clock: () => FIXED_NOW,
    ids: () => `id${String(++n).padStart(6, '0')}`,
  });
}

/**
 * Memory, SQLite (in memory) and Postgres (the real server when CONTACTKIT_PG_URL is set, else PGlite),
 * each with its own kit: for tests that must give the same result on every adapter.
 *
 * @example
 * ```ts
 * const stores = await threeStores();
 * for (const { name, kit } of stores.adapters) await kit.contacts.ingest(event);
 * ```
 */
export async function threeStores(): Promise<ThreeStores> {
  const pg = await testPostgres();
  const sqliteHandles: Database.Database[] = [];
  let schemas = 0;
  const schemaNames: string[] = [];
  const open = async (): Promise<AdapterKit[]> => {
    const db = new Database(':memory:');
    sqliteHandles.push(db);
    const schema = `${pg.schema}_${++schemas}`;
    schemaNames.push(schema);
    const stores: Array<[AdapterName, ContactStore]> = [
      ['memory', new MemoryStore()],
      ['sqlite', await SqliteStore.open(db)],
      ['postgres', await PostgresStore.open(pg.driver, { schema })],
    ];
    return stores.map(([name, store]) => ({ name, store, kit: kitOver(store) }));
  };
  let adapters = await open();
  return {
    get adapters() {
      return adapters;
    },
    postgresEngine: pg.engine,
    reset: async () => {
      adapters = await open();
      return adapters;
    },
    close: async () => {
      for (const db of sqliteHandles) db.close();
      for (const schema of schemaNames) await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.dispose();
    },
  };
}
