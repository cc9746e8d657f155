import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { MariadbStore } from '../../adapters/mariadb/index.js';
import { MemoryStore } from '../../adapters/memory/index.js';
import { PostgresStore } from '../../adapters/postgres/index.js';
import { SqliteStore } from '../../adapters/sqlite/index.js';
import type { Contact } from '../../src/model/contact.js';
import { CONTACT_SORT_FIELDS } from '../../src/ports/contact-query.js';
import type { ContactStore } from '../../src/ports/store.js';
import {
  CUSTOM_FIELD_OPS,
  SEGMENT_DATE_FIELDS,
  SEGMENT_NUMBER_FIELDS,
  SEGMENT_PERIODS,
  type SegmentFilterInput,
} from '../../src/segments/filter.js';
import { expectSameListing, generateContacts, LIST_NOW, resolvedFilter } from '../../src/testing/index.js';
import { mariadbAvailable, type TestMariadb, testMariadb } from '../support/mariadb.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

/*
 * fast-check over the store's compiled segments: arbitrary filter trees (every predicate, awkward
 * values), sorts and page sizes; each store must list exactly the memory evaluator's rows, page by page.
 * Contacts come from the conformance suite's generator, seeded by fast-check.
 */

const text = fc.constantFrom(
  'ana',
  'JOSÉ',
  'garcia',
  '555 2671',
  '%',
  '_',
  '\\',
  "'; drop table contacts; --",
  'lisboa',
  'x',
);
const tag = fc.constantFrom('VIP', 'vip', 'café', 'cafe', '%', '_', 'a\\b', 'Trial');
const day = 86_400_000;

const predicate: fc.Arbitrary<SegmentFilterInput> = fc.oneof(
  fc.constantFrom('lead', 'customer').map((is) => ({ type: 'kind', is }) as const),
  fc
    .subarray(['new', 'active', 'qualified', 'converted', 'inactive', 'churned'] as const, { minLength: 1 })
    .map((any) => ({ type: 'status', any }) as const),
  fc
    .subarray(['A', 'B', 'C', 'D', 'E', 'F'] as const, { minLength: 1 })
    .map((any) => ({ type: 'grade', any }) as const),
  fc
    .subarray(['hot', 'warm', 'cold'] as const, { minLength: 1 })
    .map((any) => ({ type: 'temperature', any }) as const),
  fc
    .record({ flag: fc.constantFrom('vip', 'atRisk'), is: fc.boolean() })
    .map((r) => ({ type: 'flag', ...r }) as const),
  fc
    .record({
      field: fc.constantFrom(...SEGMENT_NUMBER_FIELDS),
      min: fc.option(fc.constantFrom(-1, 0, 0.25, 2, 12.5, 40), { nil: undefined }),
      max: fc.constantFrom(0, 1, 5, 25.5, 100),
    })
    .map(
      (r) =>
        ({
          type: 'range',
          field: r.field,
          max: r.max,
          ...(r.min === undefined ? {} : { min: r.min }),
        }) as const,
    ),
  fc.constantFrom('never', 'placed', 'viaAssistant').map((is) => ({ type: 'orders', is }) as const),
  fc.constantFrom('email', 'phone').map((field) => ({ type: 'has', field }) as const),
  fc
    .record({
      has: fc.constantFrom('any', 'all', 'none'),
      values: fc.array(tag, { minLength: 1, maxLength: 3 }),
    })
    .map((r) => ({ type: 'tags', ...r }) as const),
  fc
    .array(fc.constantFrom('web', 'WhatsApp', 'sms'), { minLength: 1, maxLength: 2 })
    .map((any) => ({ type: 'channel', any }) as const),
  fc
    .array(fc.constantFrom('Lisboa', 'sao paulo', 'PORTO'), { minLength: 1, maxLength: 2 })
    .map((any) => ({ type: 'location', any }) as const),
  fc
    .record({
      field: fc.constantFrom(...SEGMENT_DATE_FIELDS),
      withinDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      olderThanDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      period: fc.option(fc.constantFrom(...SEGMENT_PERIODS), { nil: undefined }),
      after: fc.option(
        fc.integer({ min: 0, max: 90 }).map((d) => new Date(LIST_NOW.getTime() - d * day)),
        { nil: undefined },
      ),
    })
    .filter(
      (r) =>
        r.withinDays !== undefined ||
        r.olderThanDays !== undefined ||
        r.period !== undefined ||
        r.after !== undefined,
    )
    .map((r) => {
      const out: Record<string, unknown> = { type: 'date', field: r.field };
      for (const k of ['withinDays', 'olderThanDays', 'period', 'after'] as const)
        if (r[k] !== undefined) out[k] = r[k];
      return out as SegmentFilterInput;
    }),
  fc
    .record({
      key: fc.constantFrom('plan', 'seats', 'beta', 'renewsAt', 'langs', 'constructor'),
      op: fc.constantFrom(...CUSTOM_FIELD_OPS),
      value: fc.oneof(
        fc.constantFrom('Pro', 'pro', 'basico', '50%', 'a_b', 'en', 'EN', '2026-06-15'),
        fc.constantFrom(1, 3, 2.5, 7),
        fc.boolean(),
        fc.constant(['en', 'pt']),
        fc.integer({ min: -60, max: 60 }).map((d) => new Date(LIST_NOW.getTime() + d * day)),
      ),
    })
    .map(
      (r) =>
        (r.op === 'exists'
          ? { type: 'custom', key: r.key, op: r.op }
          : { type: 'custom', ...r }) as SegmentFilterInput,
    ),
  text.map((query) => ({ type: 'text', query }) as const),
  fc
    .array(fc.constantFrom('c0', 'c1', 'c5', 'c17', 'nobody'), { maxLength: 3 })
    .map((any) => ({ type: 'ids', any }) as const),
  fc
    .record({
      purpose: fc.constantFrom('email_marketing', 'Email_Marketing', 'sms', 'café', '__proto__', 'never'),
      is: fc.constantFrom('granted', 'revoked'),
    })
    .map((r) => ({ type: 'consent', ...r }) as const),
);

const tree: fc.Arbitrary<SegmentFilterInput> = fc.letrec<{ node: SegmentFilterInput }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicate,
    fc.record({
      type: fc.constantFrom('and', 'or'),
      filters: fc.array(tie('node'), { maxLength: 3 }),
    }) as fc.Arbitrary<SegmentFilterInput>,
    tie('node').map((filter) => ({ type: 'not', filter }) as const),
  ),
})).node;

const sort = fc.record({
  field: fc.constantFrom(...CONTACT_SORT_FIELDS),
  direction: fc.constantFrom('asc', 'desc') as fc.Arbitrary<'asc' | 'desc'>,
});

let ws = 0;
async function check(store: ContactStore, runs: number) {
  // A few data sets, each checked against many trees.
  for (const seed of [101, 202]) {
    const workspaceId = `prop-${seed}-${++ws}`;
    const contacts: Contact[] = generateContacts(seed, workspaceId, 60);
    await store.transaction(workspaceId, (tx) => tx.contacts.insertMany(contacts));
    await store.transaction(`${workspaceId}-other`, (tx) =>
      tx.contacts.insertMany(generateContacts(seed, `${workspaceId}-other`, 60)),
    );
    await fc.assert(
      fc.asyncProperty(tree, sort, fc.integer({ min: 1, max: 12 }), async (input, s, limit) => {
        await expectSameListing(
          store,
          workspaceId,
          contacts,
          resolvedFilter(input),
          s,
          limit,
          JSON.stringify(input),
        );
      }),
      { numRuns: runs, seed },
    );
  }
}

describe('lists: fast-check, every store lists the memory evaluator’s rows', () => {
  it('memory', async () => check(new MemoryStore(), 60));
  it('sqlite', async () => {
    const db = new Database(':memory:');
    await check(await SqliteStore.open(db), 60);
    db.close();
  });
  let pg: TestPostgres | undefined;
  let maria: TestMariadb | undefined;
  afterAll(async () => {
    await pg?.dispose();
    await maria?.dispose();
  });
  it('postgres', async () => {
    pg = await testPostgres();
    await check(await PostgresStore.open(pg.driver, { schema: pg.schema }), 40);
  }, 120_000);
  it.skipIf(!mariadbAvailable('lists.property.test.ts'))(
    'mariadb',
    async () => {
      maria = await testMariadb();
      await check(await MariadbStore.open(maria.pool), 40);
    },
    120_000,
  );
});
