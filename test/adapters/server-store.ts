import assert from 'node:assert/strict';
import { it } from 'vitest';
import { ConcurrentUpdateError, IdentityTakenError } from '../../src/errors/errors.js';
import type { ContactStore } from '../../src/ports/store.js';
import { makeContact, makeIdentity, makeLogEntry } from '../../src/testing/index.js';

/** Two stores on the same data over connections of their own, and how to close them. */
export type TwoStores = () => Promise<{ stores: [ContactStore, ContactStore]; close(): Promise<void> }>;

/**
 * What a server adapter (Postgres, MariaDB) must do across connections: uniqueness held by the
 * database, `lock` holding a contact until commit, and values coming back as they went in.
 */
export function serverStoreTests(name: string, twoStores: TwoStores): void {
  it(`${name}: two connections racing to claim the same new identities create one contact each`, async () => {
    const { stores, close } = await twoStores();
    try {
      const ws = `race_${Date.now()}`;
      const identities = 40;
      // Every identity is claimed by 4 writers (2 per connection) that all see it free, then insert.
      const claim = (store: ContactStore, who: string, i: number) =>
        store.transaction(ws, async (tx) => {
          const key = { type: 'email', value: `race${i}@example.com` };
          if ((await tx.identities.findByKeys([key])).length > 0) return 'found';
          await tx.contacts.insertMany([makeContact(ws, `${who}-${i}`)]);
          await tx.identities.insertMany([makeIdentity(ws, `${who}-${i}`, key.type, key.value)]);
          return 'created';
        });
      const attempts = Array.from({ length: identities }, (_, i) =>
        ['a1', 'a2', 'b1', 'b2'].map((who) => claim(stores[who.startsWith('a') ? 0 : 1], who, i)),
      ).flat();
      const results = await Promise.allSettled(attempts);
      for (const r of results) {
        if (r.status === 'rejected') assert.ok(r.reason instanceof IdentityTakenError, String(r.reason));
      }
      assert.equal(
        results.filter((r) => r.status === 'fulfilled' && r.value === 'created').length,
        identities,
      );
      const counts = await stores[0].inspect(ws);
      assert.equal(counts.contacts, identities);
      assert.equal(counts.identities, identities);
    } finally {
      await close();
    }
  });

  it(`${name}: a contact one transaction locked is held until it commits; an update elsewhere waits, then fails its version check`, async () => {
    const { stores, close } = await twoStores();
    try {
      const ws = `locks_${Date.now()}`;
      const [first, second] = stores;
      const contact = makeContact(ws, 'held');
      await first.transaction(ws, (tx) => tx.contacts.insertMany([contact]));
      const next = { ...contact, version: 2 };
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const firstDone = first.transaction(ws, async (tx) => {
        assert.deepEqual(await tx.contacts.lock(['held', 'ghost']), ['held']);
        locked();
        await released;
        await tx.contacts.updateMany([next]);
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
      assert.equal(secondSettled, false, 'the second update did not wait for the lock');
      release();
      await firstDone;
      assert.ok((await secondDone) instanceof ConcurrentUpdateError);
      assert.equal((await first.transaction(ws, (tx) => tx.contacts.get('held')))?.version, 2);
    } finally {
      await close();
    }
  });

  it(`${name}: strings that need quoting, long keys, dates inside JSON, floats and unknown fields come back equal`, async () => {
    const { stores, close } = await twoStores();
    try {
      const store = stores[0];
      const ws = `values_${Date.now()}`;
      const tricky = `quote " backslash \\ braces {a,b} comma, NULL 'single' tab\t newline\n é 日本 😀`;
      // The longest identity key there is: 64 + 512 characters, four UTF-8 bytes each.
      const longType = '😀'.repeat(32);
      const longValue = '😀'.repeat(256);
      const contact = makeContact(ws, 'c-values', {
        profile: { name: tricky, email: 'x@example.com' },
        tags: ['{', '}', '"', '\\', 'null'],
        customFields: { renewsAt: new Date('2027-02-03T04:05:06.789Z'), score: 0.1 + 0.2, list: ['one'] },
        ...({ futureField: { nested: [true, null] } } as object),
      });
      const identities = [
        makeIdentity(ws, 'c-values', 'email', tricky, { raw: tricky }),
        makeIdentity(ws, 'c-values', longType, longValue),
        // Differs from the one above only past where a prefix index would cut.
        makeIdentity(ws, 'c-values', longType, `${'😀'.repeat(255)}😁`),
        // Trailing spaces make another key.
        makeIdentity(ws, 'c-values', 'cookie', 'ck '),
        makeIdentity(ws, 'c-values', 'cookie', 'ck'),
      ];
      await store.transaction(ws, async (tx) => {
        await tx.contacts.insertMany([contact]);
        await tx.identities.insertMany(identities);
      });
      await store.transaction(ws, async (tx) => {
        assert.deepEqual(await tx.contacts.get('c-values'), contact);
        for (const i of identities) assert.deepEqual(await tx.identities.findByKeys([i]), [i], i.value);
        const updated = { ...contact, version: 2, profile: { name: 'Ünïcode "again"' } };
        await tx.contacts.updateMany([updated]);
        assert.deepEqual(await tx.contacts.getMany(['c-values']), [updated]);
      });
    } finally {
      await close();
    }
  });

  it(`${name}: log positions grow in commit order: a second append waits for the first to commit`, async () => {
    const { stores, close } = await twoStores();
    try {
      const ws = `positions_${Date.now()}`;
      const [first, second] = stores;
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let appended!: () => void;
      const holding = new Promise<void>((resolve) => {
        appended = resolve;
      });
      const firstDone = first.transaction(ws, async (tx) => {
        await tx.log.append([makeLogEntry(ws, 'a', 'first')]);
        appended();
        await released;
      });
      await holding;
      let secondSettled = false;
      const secondDone = second
        .transaction(ws, (tx) => tx.log.append([makeLogEntry(ws, 'b', 'second')]))
        .finally(() => {
          secondSettled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(secondSettled, false, 'the second append did not wait for the first commit');
      release();
      await Promise.all([firstDone, secondDone]);
      const events = await first.transaction(ws, (tx) => tx.log.events());
      assert.deepEqual(
        events.map((e) => e.id),
        ['first', 'second'],
      );
      assert.ok(events[1]!.position! > events[0]!.position!);
    } finally {
      await close();
    }
  });
}
