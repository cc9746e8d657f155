import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { POSTGRES_MIGRATIONS, PostgresStore } from '../../adapters/postgres/index.js';
import { ConcurrentUpdateError, IdentityTakenError } from '../../src/errors/errors.js';
import { makeContact, makeIdentity } from '../../src/testing/index.js';
import { type TestPostgres, testPostgres } from '../support/postgres.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await testPostgres();
  console.info(`postgres store tests: running on ${pg.engine} in schema ${pg.schema}`);
});
afterAll(async () => pg?.dispose());

const VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);

describe('postgres store: migrations', () => {
  it('migrate() applies every migration once, and again changes nothing', async () => {
    const schema = `${pg.schema}_m1`;
    const store = new PostgresStore(pg.driver, { schema });
    assert.deepEqual(await store.migrate(), VERSIONS);
    assert.deepEqual(await store.migrate(), []);
    assert.deepEqual(await new PostgresStore(pg.driver, { schema }).migrate(), []);
    const { rows } = await pg.driver.query(`SELECT version FROM "${schema}".contactkit_migrations`);
    assert.deepEqual(
      rows,
      VERSIONS.map((version) => ({ version })),
    );
    await pg.driver.query(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('two processes migrating at once on two connections both succeed, with one schema', async () => {
    const schema = `${pg.schema}_m2`;
    const [a, b] = await Promise.all([pg.connect(), pg.connect()]);
    try {
      const results = await Promise.all([
        new PostgresStore(a.driver, { schema }).migrate(),
        new PostgresStore(b.driver, { schema }).migrate(),
      ]);
      assert.deepEqual(results.flat(), VERSIONS);
      const { rows } = await pg.driver.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      // Every table of the inspector, and the migrations table.
      assert.equal((rows[0] as { n: number }).n, Object.keys(await store0(a.driver, schema)).length + 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await pg.driver.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});

/** The inspector's table names, read through a store on `driver`. */
const store0 = (driver: TestPostgres['driver'], schema: string) =>
  new PostgresStore(driver, { schema }).inspect('nobody');

describe('postgres store: identity uniqueness is the database’s', () => {
  it('two connections racing to claim the same new identities create one contact each', async () => {
    const [a, b] = await Promise.all([pg.connect(4), pg.connect(4)]);
    try {
      const stores = [
        await PostgresStore.open(a.driver, { schema: pg.schema }),
        await PostgresStore.open(b.driver, { schema: pg.schema }),
      ];
      const ws = 'race';
      const identities = 40;
      // Every identity is claimed by 4 writers (2 per connection) that all see it free, then insert.
      const claim = (store: PostgresStore, who: string, i: number) =>
        store.transaction(ws, async (tx) => {
          const key = { type: 'email', value: `race${i}@example.com` };
          if ((await tx.identities.findByKeys([key])).length > 0) return 'found';
          await tx.contacts.insertMany([makeContact(ws, `${who}-${i}`)]);
          await tx.identities.insertMany([makeIdentity(ws, `${who}-${i}`, key.type, key.value)]);
          return 'created';
        });
      const attempts = Array.from({ length: identities }, (_, i) =>
        ['a1', 'a2', 'b1', 'b2'].map((who) => claim(stores[who.startsWith('a') ? 0 : 1]!, who, i)),
      ).flat();
      const results = await Promise.allSettled(attempts);
      for (const r of results) {
        if (r.status === 'rejected') assert.ok(r.reason instanceof IdentityTakenError, String(r.reason));
      }
      assert.equal(
        results.filter((r) => r.status === 'fulfilled' && r.value === 'created').length,
        identities,
      );
      const counts = await stores[0]!.inspect(ws);
      assert.equal(counts.contacts, identities);
      assert.equal(counts.identities, identities);
      const { rows } = await pg.driver.query(
        `SELECT count(DISTINCT contact_id)::int AS holders FROM "${pg.schema}".identities WHERE workspace_id = $1`,
        [ws],
      );
      assert.equal((rows[0] as { holders: number }).holders, identities);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('postgres store: versions are locks', () => {
  // The service relies on this (docs/adapters.md): a contact written at its next version is held until
  // commit, so a merge, an erasure or an added row about it cannot interleave with another writer's.
  it('a contact one transaction updated is held until it commits; a second update waits, then fails its version check', async () => {
    const [a, b] = await Promise.all([pg.connect(1), pg.connect(1)]);
    try {
      const ws = 'locks';
      const [first, second] = [
        await PostgresStore.open(a.driver, { schema: pg.schema }),
        await PostgresStore.open(b.driver, { schema: pg.schema }),
      ];
      const contact = makeContact(ws, 'held');
      await first.transaction(ws, (tx) => tx.contacts.insertMany([contact]));
      const next = { ...contact, version: 2 };

      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let updated!: () => void;
      const holding = new Promise<void>((resolve) => {
        updated = resolve;
      });
      const firstDone = first.transaction(ws, async (tx) => {
        await tx.contacts.updateMany([next]);
        updated();
        await released;
      });
      await holding;
      let secondSettled = false;
      const secondDone = second
        .transaction(ws, (tx) => tx.contacts.updateMany([next]))
        .then(
          () => null,
          (error: unknown) => error,
        )
        .finally(() => {
          secondSettled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(secondSettled, false, 'the second update did not wait for the first transaction');
      release();
      await firstDone;
      assert.ok((await secondDone) instanceof ConcurrentUpdateError);
      const stored = await first.transaction(ws, (tx) => tx.contacts.get('held'));
      assert.equal(stored?.version, 2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('postgres store: values reach the tables as they were given', () => {
  it('strings that need quoting, dates inside JSON, floats, nulls and unknown fields come back equal', async () => {
    const store = await PostgresStore.open(pg.driver, { schema: pg.schema });
    const ws = 'values';
    const tricky = `quote " backslash \\ braces {a,b} comma, NULL 'single' tab\t newline\n é 日本 😀`;
    const contact = makeContact(ws, 'c-values', {
      profile: { name: tricky, email: 'x@example.com' },
      tags: ['{', '}', '"', '\\', 'null'],
      customFields: {
        renewsAt: new Date('2027-02-03T04:05:06.789Z'),
        score: 0.1 + 0.2,
        list: ['one', 'two "quoted"'],
      },
      ...({ futureField: { nested: [true, null] } } as object),
    });
    const identity = makeIdentity(ws, 'c-values', 'email', tricky, { raw: tricky });
    const order = {
      workspaceId: ws,
      orderId: 'o-values',
      contactId: 'c-values',
      amount: 1234567.891,
      currency: 'EUR',
      viaAssistant: true,
      placedAt: new Date('2026-03-04T05:06:07.008Z'),
    };
    await store.transaction(ws, async (tx) => {
      await tx.contacts.insertMany([contact]);
      await tx.identities.insertMany([identity]);
      await tx.orders.insertMany([order]);
    });
    await store.transaction(ws, async (tx) => {
      assert.deepEqual(await tx.contacts.get('c-values'), contact);
      assert.deepEqual(await tx.identities.findByKeys([{ type: 'email', value: tricky }]), [identity]);
      assert.deepEqual(await tx.orders.findMany(['o-values']), [order]);
      const updated = { ...contact, version: 2, profile: { name: 'Ünïcode "again"' } };
      await tx.contacts.updateMany([updated]);
      assert.deepEqual(await tx.contacts.getMany(['c-values']), [updated]);
    });
    const { rows } = await pg.driver.query(
      `SELECT extension IS NULL AS no_extension, source_channel IS NULL AS no_channel FROM "${pg.schema}".identities WHERE workspace_id = $1`,
      [ws],
    );
    assert.deepEqual(rows, [{ no_extension: true, no_channel: true }]);
  });

  it('a lone surrogate is stored as U+FFFD, as UTF-8 encoding would send it', async () => {
    const store = await PostgresStore.open(pg.driver, { schema: pg.schema });
    const ws = 'surrogate';
    await store.transaction(ws, async (tx) => {
      await tx.contacts.insertMany([makeContact(ws, 'c1')]);
      await tx.identities.insertMany([makeIdentity(ws, 'c1', 'cookie', 'ab', { raw: 'a\ud800b' })]);
    });
    const [found] = await store.transaction(ws, (tx) =>
      tx.identities.findByKeys([{ type: 'cookie', value: 'ab' }]),
    );
    assert.equal(found?.raw, 'a\ufffdb');
  });
});
