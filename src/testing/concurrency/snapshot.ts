import type { Contact } from '../../model/contact.js';
import type { Identity } from '../../model/identity.js';
import type { ContactStore } from '../../ports/store.js';
import { eventsAbout } from '../read.js';
import { INTAKE_WS } from './events.js';

/** What {@link intakeSnapshot} reads: the rows, and a picture of them free of generated ids. */
export interface IntakeSnapshot {
  readonly contacts: readonly Contact[];
  readonly identities: readonly Identity[];
  /** Per contact its sorted identity keys and message count, sorted. */
  readonly people: readonly string[];
  /** Published events about contacts, counted by type. */
  readonly outbox: Readonly<Record<string, number>>;
  /** How many `contact.created` events each contact has. */
  readonly created: ReadonlyMap<string, number>;
}

async function allContacts(store: ContactStore): Promise<Contact[]> {
  const out: Contact[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.transaction(INTAKE_WS, (tx) =>
      tx.contacts.list(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** How many domain events the workspace's log published. */
export async function publishedEvents(store: ContactStore): Promise<number> {
  let n = 0;
  let after = 0;
  for (;;) {
    const page = await store.transaction(INTAKE_WS, (tx) => tx.log.events({ after, limit: 1000 }));
    n += page.length;
    if (page.length < 1000) return n;
    after = page.at(-1)!.position!;
  }
}

/** The sum of every conversation's message count in the suite's workspace. */
export async function messageCount(store: ContactStore): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = await store.transaction(INTAKE_WS, (tx) =>
      tx.conversations.find(cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor }),
    );
    for (const c of page.items) n += c.messageCount;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return n;
}

/**
 * A canonical picture of the suite's workspace, free of generated ids: per contact its sorted identity
 * keys and message count, sorted; and the number of published events by type. Two runs over the same
 * events that end the same have the same picture.
 */
export async function intakeSnapshot(store: ContactStore): Promise<IntakeSnapshot> {
  const contacts = await allContacts(store);
  const ids = contacts.map((c) => c.id);
  const identities = await store.transaction(INTAKE_WS, (tx) => tx.identities.listByContacts(ids));
  const keysOf = new Map<string, string[]>();
  for (const i of identities)
    keysOf.set(i.contactId, [...(keysOf.get(i.contactId) ?? []), `${i.type}:${i.value}`]);
  const people = contacts
    .map((c) => `${(keysOf.get(c.id) ?? []).sort().join(' ')} messages=${c.stats.messages}`)
    .sort();
  const outbox = new Map<string, number>();
  const created = new Map<string, number>();
  for (const id of ids) {
    const events = await store.transaction(INTAKE_WS, (tx) => eventsAbout(tx, id));
    for (const e of events) {
      outbox.set(e.type, (outbox.get(e.type) ?? 0) + 1);
      if (e.type === 'contact.created') created.set(id, (created.get(id) ?? 0) + 1);
    }
  }
  return { contacts, identities, people, outbox: Object.fromEntries([...outbox].sort()), created };
}
