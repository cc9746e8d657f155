import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-'));
const handles = new Map<SqliteStore, Database.Database>();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, path] of [
  ['file', () => join(dir, `conformance-${handles.size}.db`)],
  ['memory', () => ':memory:'],
] as const) {
  runConformanceSuite({
    name: `sqlite adapter (${name})`,
    describe,
    it,
    beforeAll,
    afterAll,
    createStore: async () => {
      const db = new Database(path());
      const store = await SqliteStore.open(db);
      handles.set(store, db);
      return store;
    },
    destroyStore: async (store) => {
      await store.close();
      handles.get(store as SqliteStore)?.close();
    },
    inspect: (store, workspaceId) => (store as SqliteStore).inspect(workspaceId),
  });
}
