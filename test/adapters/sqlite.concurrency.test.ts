import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runConcurrencySuite } from '../../src/testing/index.js';
import { openSqlite, removeSqlite } from './sqlite-place.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-sqlite-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// better-sqlite3 blocks its process while it waits for the write lock, so the racers are processes.
runConcurrencySuite({
  describe,
  it,
  name: 'sqlite intake across processes',
  racers: 'processes',
  sizes: { overlapWorkers: 2, mergeWorkers: 2, killEvents: 12_000 },
  createPlace: async (name) => {
    const file = join(dir, `${name}.db`);
    // Migrated before the children start, so that they race on intake, not on the migration.
    await (await openSqlite(file)).close();
    return file;
  },
  open: openSqlite,
  dropPlace: async (file) => removeSqlite(file),
  child: [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'sqlite-intake-child.ts')],
});
