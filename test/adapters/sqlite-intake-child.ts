/**
 * The concurrency suite's child on a SQLite file: `runConcurrencySuite` starts it with the file and
 * the job appended to `node --import tsx test/adapters/sqlite-intake-child.ts`.
 */
import { runIntakeChild } from '../../src/testing/index.js';
import { openSqlite } from './sqlite-place.js';

await runIntakeChild({ open: openSqlite });
