import type { Contact } from '../model/contact.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/**
 * Writes contacts this transaction read back unchanged at their next version, before they are merged
 * away or erased, or rows are added for them (a note, a consent, a flow run). On a server at READ
 * COMMITTED this holds them until the transaction commits: a merge or an erasure of one racing this
 * transaction then waits and sees the new rows, or makes this run again (a `ConcurrentUpdateError`, or
 * the contact gone). Without it rows could be committed for a contact the other transaction deletes,
 * pointing at nobody, or a change made since the read be deleted with the contact.
 *
 * @returns the contacts as held.
 */
export async function holdContacts(
  tx: WorkspaceTransaction,
  contacts: readonly Contact[],
): Promise<Contact[]> {
  if (contacts.length === 0) return [];
  const held = contacts.map((c) => ({ ...c, version: c.version + 1 }));
  await tx.contacts.updateMany(held);
  return held;
}

/**
 * Reads a contact and holds it ({@link holdContacts}).
 *
 * @returns the contact as held, or `null` when there is none.
 */
export async function holdContact(tx: WorkspaceTransaction, id: string): Promise<Contact | null> {
  const contact = await tx.contacts.get(id);
  if (!contact) return null;
  const [held] = await holdContacts(tx, [contact]);
  return held!;
}
