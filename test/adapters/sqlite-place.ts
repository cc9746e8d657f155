import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { OpenedStore } from '../../src/testing/index.js';

/** A store on a SQLite file over a handle of its own: what the concurrency suite and its child open. */
export async function openSqlite(file: string): Promise<OpenedStore> {
  const db = new Database(file);
  return { store: await SqliteStore.open(db), close: () => void db.close() };
}

/** Removes a SQLite file and what WAL mode keeps beside it. */
export function removeSqlite(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
