import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-'));
const handles = new Map<SqliteStore, Database.Database>();
let currentFile = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openStore = async (path: string) => {
  const db = new Database(path);
  const store = await SqliteStore.open(db);
  handles.set(store, db);
  return store;
};
const closeStore = async (store: SqliteStore) => {
  await store.close();
  handles.get(store)?.close();
};

for (const [name, path] of [
  ['file', () => (currentFile = join(dir, `conformance-${handles.size}.db`))],
  ['memory', () => ':memory:'],
] as const) {
  runConformanceSuite({
    name: `sqlite adapter (${name})`,
    describe,
    it,
    beforeAll,
    afterAll,
    createStore: () => openStore(path()),
    destroyStore: (store) => closeStore(store as SqliteStore),
    dump: (store, workspaceId) => (store as SqliteStore).dump(workspaceId),
    ...(name === 'file'
      ? {
          // A second handle on the same file: what another process would open.
          connect: async () => {
            const store = await openStore(currentFile);
            const close = store.close.bind(store);
            store.close = async () => {
              await close();
              handles.get(store)?.close();
            };
            return store;
          },
        }
      : {}),
  });
}
