import { NotFoundError } from '../../errors/errors.js';
import type { Contactkit } from '../../service/contactkit.js';

/**
 * Refuses with 404 a contact the workspace does not have, before a read that would answer an empty list
 * for it (a timeline, a ledger, consent): an id of another workspace must look exactly like an id that
 * does not exist. One read by key, through the store the services share.
 *
 * @throws {@link contactkit!NotFoundError}
 */
export async function requireContact(kit: Contactkit, workspaceId: string, contactId: string): Promise<void> {
  const found = await kit.context.store.transaction(workspaceId, (tx) => tx.contacts.get(contactId));
  if (!found) throw new NotFoundError('contact', workspaceId, contactId);
}
