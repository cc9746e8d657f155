import type { ContactStore } from '../../src/ports/store.js';

/** Everything a workspace holds, in a stable order, to compare before and after. */
export async function snapshot(store: ContactStore, workspaceId = 'ws') {
  return store.transaction(workspaceId, async (tx) => {
    const contacts = [];
    let cursor: string | undefined;
    do {
      const page = await tx.contacts.list({ limit: 1000, ...(cursor ? { cursor } : {}) });
      contacts.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = contacts.map((c) => c.id);
    const perContact = await Promise.all(
      ids.map(async (id) => ({
        id,
        consents: await tx.consents.listByContact(id),
        notes: await tx.notes.listByContact(id),
        activities: (await tx.log.timeline(id, { limit: 1000 })).items,
      })),
    );
    const identities = (await tx.identities.listByContacts(ids)).sort((a, b) =>
      `${a.type}:${a.value}`.localeCompare(`${b.type}:${b.value}`),
    );
    return { contacts, identities, perContact };
  });
}
