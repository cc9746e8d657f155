import type { Identity } from '../model/identity.js';
import type { AbsorbedRows } from '../model/merge-record.js';
import type { ContactOwnedRows } from '../ports/contact-owned-rows.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/** The keys of each contact's rows in one table, grouped by contact. */
async function keysOf(
  table: ContactOwnedRows,
  contactIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byContact = new Map<string, string[]>(contactIds.map((id) => [id, []]));
  for (const { contactId, key } of await table.keysByContacts(contactIds))
    byContact.get(contactId)?.push(key);
  return byContact;
}

/**
 * The rows each of these contacts brings to a merge, by id, so an unmerge can give back exactly these:
 * one call per table for all of them (intake merges several contacts in a batch).
 */
export async function rowsOfMany(
  tx: WorkspaceTransaction,
  contactIds: readonly string[],
  identities: readonly Identity[],
): Promise<Map<string, AbsorbedRows>> {
  const ids = [...new Set(contactIds)];
  const out = new Map<string, AbsorbedRows>();
  if (ids.length === 0) return out;
  // One after another: a transaction is one connection, which runs one statement at a time anyway.
  const activities = await keysOf(tx.activities, ids);
  const conversations = await keysOf(tx.conversations, ids);
  const orders = await keysOf(tx.orders, ids);
  const notes = await keysOf(tx.notes, ids);
  const flowRuns = await keysOf(tx.flowRuns, ids);
  const consents = await keysOf(tx.consents, ids);
  const processed = await keysOf(tx.processedEvents, ids);
  for (const contactId of ids) {
    out.set(contactId, {
      contactId,
      identities: identities.filter((i) => i.contactId === contactId),
      activityIds: activities.get(contactId)!,
      conversationIds: conversations.get(contactId)!,
      orderIds: orders.get(contactId)!,
      noteIds: notes.get(contactId)!,
      flowRunIds: flowRuns.get(contactId)!,
      consentIds: consents.get(contactId)!,
      processedEventIds: processed.get(contactId)!,
    });
  }
  return out;
}
