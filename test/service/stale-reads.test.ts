import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactStore, WorkspaceTransaction } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/index.js';

/**
 * A memory store that answers a contact read with an older copy of the contact, once: what a
 * transaction sees of a contact it read without holding it, when another one counts a message on that
 * contact just after the read. The memory store runs transactions one at a time, so the race is staged.
 */
class StaleReads implements ContactStore {
  readonly capabilities = {};
  /** Contact id → the copy the next read of it returns instead of the stored one. */
  readonly stale = new Map<string, Contact>();

  constructor(private readonly inner: MemoryStore) {}

  transaction<T>(workspaceId: string, fn: (tx: WorkspaceTransaction) => Promise<T>): Promise<T> {
    return this.inner.transaction(workspaceId, (tx) => {
      const older = (c: Contact) => {
        const old = this.stale.get(c.id);
        this.stale.delete(c.id);
        return old ?? c;
      };
      const contacts = {
        ...tx.contacts,
        get: async (id: string) => {
          const c = await tx.contacts.get(id);
          return c && older(c);
        },
        getMany: async (ids: readonly string[]) => (await tx.contacts.getMany(ids)).map(older),
      };
      return fn({ ...tx, contacts } as WorkspaceTransaction);
    });
  }

  inspect(workspaceId: string): Promise<Record<string, number>> {
    return this.inner.inspect(workspaceId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * A kit over a staged memory store: `stale` makes a contact's next read an older copy, `transactions()`
 * counts the transactions run since `recount()`, and `message(identities)` ingests one chat message.
 */
function staged() {
  const memory = new MemoryStore();
  const store = new StaleReads(memory);
  let transactions = 0;
  const counting: ContactStore = {
    capabilities: {},
    transaction: (ws, fn) => {
      transactions++;
      return store.transaction(ws, fn);
    },
    inspect: (ws) => store.inspect(ws),
    close: () => store.close(),
  };
  let n = 0;
  const kit = createContactkit({
    store: counting,
    clock: () => new Date('2026-06-01T12:00:00Z'),
    ids: () => `id${String(++n).padStart(6, '0')}`,
  });
  let seq = 0;
  const message = async (identities: Record<string, string>) =>
    (
      await kit.contacts.ingest({
        workspaceId: 'ws',
        eventId: `evt-${++seq}`,
        occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, seq)),
        channel: 'web',
        type: 'message',
        identities,
        message: { text: 'hi' },
      })
    ).contactId;
  const read = async (id: string) => (await kit.contacts.getContact('ws', id))!.contact;
  return {
    kit,
    memory,
    stale: store.stale,
    message,
    read,
    transactions: () => transactions,
    recount: () => {
      transactions = 0;
    },
  };
}

/** A lead with two messages, read once as it was after the first; and a known contact with one. */
async function setup() {
  const { kit, stale, message, read } = staged();
  const known = await message({ email: 'ana@example.com' });
  const lead = await message({ cookie: 'ck_ana' });
  const before = await read(lead);
  await message({ cookie: 'ck_ana' });
  stale.set(lead, before);
  const messages = async (id: string) => (await read(id)).stats.messages;
  return { kit, known, lead, messages };
}

describe('a contact merged away is merged as it is, not as it was read', () => {
  it('by intake: a message counted on the lead after the read is kept, the batch having run again', async () => {
    const { kit, known, lead, messages } = await setup();
    const outcome = await kit.contacts.ingest({
      workspaceId: 'ws',
      eventId: 'evt-identify',
      occurredAt: new Date(Date.UTC(2026, 4, 1, 11)),
      channel: 'web',
      type: 'identify',
      identities: { cookie: 'ck_ana', email: 'ana@example.com' },
    });
    expect(outcome.kind).toBe('merged');
    expect(outcome.merged).toEqual([lead]);
    expect(await messages(known)).toBe(3);
  });

  it('by a merge: the same', async () => {
    const { kit, known, lead, messages } = await setup();
    await kit.merges.merge('ws', known, [lead]);
    expect(await messages(known)).toBe(3);
  });
});

/**
 * The memory store wrapped so that every call that holds contacts and every write is logged in order:
 * `lock:<ids>`, or `<repository>.<method>:<contact ids of its rows>`.
 */
function logged() {
  const memory = new MemoryStore();
  const calls: string[] = [];
  const ownersOf = (rows: unknown) =>
    Array.isArray(rows)
      ? rows.map((r) => (r as { contactId?: string; id?: string }).contactId ?? '').join(',')
      : '';
  const watch = <T extends object>(name: string, repo: T): T =>
    new Proxy(repo, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'lock') calls.push(`lock:${(args[0] as string[]).join(',')}`);
          else if (key === 'getMany' && (args[1] as { lock?: boolean } | undefined)?.lock)
            calls.push(`lock:${(args[0] as string[]).join(',')}`);
          else if (['insert', 'put', 'append', 'insertMany', 'updateMany'].includes(String(key)))
            calls.push(`${name}.${String(key)}:${ownersOf(args[0])}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const store: ContactStore = {
    capabilities: {},
    transaction: (ws, fn) =>
      memory.transaction(ws, (tx) =>
        fn(
          new Proxy(tx, {
            get(target, key, receiver) {
              const value = Reflect.get(target, key, receiver) as unknown;
              if (key === 'applyErasure' || key === 'applyMerge') {
                return (...args: unknown[]) => {
                  calls.push(`${String(key)}`);
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              }
              return value && typeof value === 'object' ? watch(String(key), value) : value;
            },
          }),
        ),
      ),
    inspect: (ws) => memory.inspect(ws),
    close: () => memory.close(),
  };
  let n = 0;
  const kit = createContactkit({
    store,
    clock: () => new Date('2026-06-01T12:00:00Z'),
    ids: () => `id${String(++n).padStart(6, '0')}`,
  });
  return { kit, memory, calls };
}

/** A known contact made through intake, and the call log from then on. */
async function known() {
  const { kit, memory, calls } = logged();
  const { contactId } = await kit.contacts.ingest({
    workspaceId: 'ws',
    eventId: 'evt-1',
    occurredAt: new Date('2026-05-01T10:00:00Z'),
    channel: 'web',
    identities: { email: 'ana@example.com' },
    message: { text: 'hi' },
  });
  calls.length = 0;
  return { kit, memory, calls, contactId };
}

/** The first write of a row for `contactId` comes after a lock that held it. */
function heldBeforeWriting(calls: readonly string[], contactId: string, write: RegExp): void {
  const locked = calls.findIndex((c) => c.startsWith('lock:') && c.slice(5).split(',').includes(contactId));
  const written = calls.findIndex((c) => write.test(c) && c.includes(contactId));
  expect(written, `no write matching ${write} in ${calls.join(' ')}`).toBeGreaterThanOrEqual(0);
  expect(locked, `no lock of ${contactId} in ${calls.join(' ')}`).toBeGreaterThanOrEqual(0);
  expect(locked).toBeLessThan(written);
}

// On a server, holding a contact is what makes a merge or an erasure racing the writer wait for it (and
// then see the new rows), instead of deleting the contact with the new rows left pointing at nobody.
describe('every writer holds a contact before it writes rows for it', () => {
  it('intake, when an imported row brings only a new identity', async () => {
    const { kit, calls, contactId } = await known();
    const outcome = await kit.contacts.ingest({
      workspaceId: 'ws',
      eventId: 'import:1:2',
      occurredAt: new Date('2026-05-02T10:00:00Z'),
      channel: 'import',
      type: 'profile',
      identities: { email: 'ana@example.com', custom: { crm: 'A-17' } },
    });
    expect(outcome).toMatchObject({ kind: 'matched', contactId, changed: [] });
    expect(outcome.attached).toEqual([{ type: 'crm', value: 'A-17' }]);
    heldBeforeWriting(calls, contactId, /^identities\.insertMany/);
  });

  it('the import, when a row brings only a consent', async () => {
    const { kit, memory, calls, contactId } = await known();
    const csv = 'Email,Accepts Email Marketing\nana@example.com,yes\n';
    const report = await kit.imports.importFile(new TextEncoder().encode(csv), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 1, updated: 1 });
    expect(await memory.inspect('ws')).toMatchObject({ consents: 1 });
    heldBeforeWriting(calls, contactId, /^consents\.insert/);
  });

  it('an erasure', async () => {
    const { kit, memory, calls, contactId } = await known();
    const { removed } = await kit.privacy.erase('ws', contactId);
    expect(removed.contacts).toBe(1);
    expect(calls.indexOf(`lock:${contactId}`)).toBeLessThan(calls.indexOf('applyErasure'));
    expect(await memory.inspect('ws')).toMatchObject({ contacts: 0, identities: 0 });
  });

  it('a note', async () => {
    const { kit, calls, contactId } = await known();
    await kit.contacts.addNote('ws', contactId, { author: { kind: 'ai' }, text: 'asked about pricing' });
    heldBeforeWriting(calls, contactId, /^notes\.insert/);
  });

  it('a consent', async () => {
    const { kit, calls, contactId } = await known();
    await kit.privacy.recordConsent('ws', contactId, {
      purpose: 'email_marketing',
      status: 'granted',
      source: 'chat_widget',
    });
    heldBeforeWriting(calls, contactId, /^consents\.insert/);
  });

  it('a flow run', async () => {
    const { kit, calls, contactId } = await known();
    await kit.contacts.recordFlowRun({
      workspaceId: 'ws',
      contactId,
      flowId: 'welcome',
      flowName: 'Welcome',
      startedAt: new Date('2026-05-01T10:05:00Z'),
    });
    heldBeforeWriting(calls, contactId, /^flowRuns\.put/);
  });
});
