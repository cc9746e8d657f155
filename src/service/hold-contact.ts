import type { Contact } from '../model/contact.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/**
 * Reads a contact and writes it back unchanged at its next version, before rows are added for it
 * (a note, a consent, a flow run). On a server at READ COMMITTED this holds the contact until the
 * transaction commits: a merge or an erasure of it racing this one then waits and sees the new rows, or
 * makes this run again (a `ConcurrentUpdateError`, or the contact gone). Without it the rows could be
 * committed for a contact that the other transaction deletes, pointing at nobody.
 *
 * @returns the contact as held, or `null` when there is none.
 */
export async function holdContact(tx: WorkspaceTransaction, id: string): Promise<Contact | null> {
  const contact = await tx.contacts.get(id);
  if (!contact) return null;
  const held = { ...contact, version: contact.version + 1 };
  await tx.contacts.updateMany([held]);
  return held;
}
