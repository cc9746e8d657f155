import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import type { Contact } from '../../src/model/contact.js';
import type { ContactStore, WorkspaceTransaction } from '../../src/ports/store.js';
import { createContactkit } from '../../src/service/index.js';

/**
 * A memory store that answers a contact read with an older copy of the contact, once: what a
 * transaction on a server at READ COMMITTED sees when another one counts a message on that contact
 * just after the read. The memory store runs transactions one at a time, so the race is staged.
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

describe('a known contact given rows by an import is written at its next version', () => {
  // On a server, that is what makes a merge of the contact racing the import wait for it or run again,
  // instead of deleting the contact with the new rows left pointing at nobody.
  async function known() {
    const { kit, memory: store, message, read } = staged();
    const contactId = await message({ email: 'ana@example.com' });
    const version = async () => (await read(contactId)).version;
    return { kit, store, contactId, version, before: await version() };
  }

  it('by intake, when an imported row brings only a new identity', async () => {
    const { kit, contactId, version, before } = await known();
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
    expect(await version()).toBe(before + 1);
  });

  it('by the import, when a row brings only a consent', async () => {
    const { kit, store, contactId, version, before } = await known();
    const csv = 'Email,Accepts Email Marketing\nana@example.com,yes\n';
    const report = await kit.imports.importFile(new TextEncoder().encode(csv), { workspaceId: 'ws' });
    expect(report).toMatchObject({ rows: 1, updated: 1 });
    const consents = await store.transaction('ws', (tx) => tx.consents.listByContact(contactId));
    expect(consents).toHaveLength(1);
    expect(await version()).toBe(before + 1);
  });
});

/** A contact with two messages, whose next read returns it as it was after the first. */
async function staleContact() {
  const { kit, memory, stale, message, read, transactions, recount } = staged();
  const contactId = await message({ email: 'ana@example.com' });
  const before = await read(contactId);
  await message({ email: 'ana@example.com' });
  stale.set(contactId, before);
  recount();
  return { kit, memory, contactId, transactions };
}

describe('an erasure holds its contacts before it removes their rows', () => {
  it('runs again when a contact changed after it read it, so no row written meanwhile is left behind', async () => {
    const { kit, memory, contactId, transactions } = await staleContact();
    const { removed } = await kit.privacy.erase('ws', contactId);
    expect(transactions()).toBe(2);
    expect(removed.contacts).toBe(1);
    expect(await memory.inspect('ws')).toMatchObject({ contacts: 0, identities: 0, activities: 0 });
  });
});

describe('rows added for a contact hold it first', () => {
  // A note, a consent or a flow run for a contact that changed since it was read runs again: the write
  // of the contact at its next version is what makes a racing merge or erasure wait for the new row.
  it('a note', async () => {
    const { kit, memory, contactId, transactions } = await staleContact();
    await kit.contacts.addNote('ws', contactId, { author: { kind: 'ai' }, text: 'asked about pricing' });
    expect(transactions()).toBe(2);
    expect(await memory.inspect('ws')).toMatchObject({ notes: 1 });
  });

  it('a consent', async () => {
    const { kit, memory, contactId, transactions } = await staleContact();
    await kit.privacy.recordConsent('ws', contactId, {
      purpose: 'email_marketing',
      status: 'granted',
      source: 'chat_widget',
    });
    expect(transactions()).toBe(2);
    expect(await memory.inspect('ws')).toMatchObject({ consents: 1 });
  });

  it('a flow run', async () => {
    const { kit, memory, contactId, transactions } = await staleContact();
    await kit.contacts.recordFlowRun({
      workspaceId: 'ws',
      contactId,
      flowId: 'welcome',
      flowName: 'Welcome',
      startedAt: new Date('2026-05-01T10:05:00Z'),
    });
    expect(transactions()).toBe(2);
    expect(await memory.inspect('ws')).toMatchObject({ flowRuns: 1 });
  });
});
