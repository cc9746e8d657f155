import type { Activity } from '../model/activity.js';
import type { Identity } from '../model/identity.js';
import type { AbsorbedRows } from '../model/merge-record.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/** Every timeline entry of a contact, paging through the store. */
async function allActivities(tx: WorkspaceTransaction, contactId: string): Promise<Activity[]> {
  const out: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await tx.activities.listByContact(contactId, {
      limit: 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** The rows a contact brings to a merge, by id, so an unmerge can give back exactly these. */
export async function rowsOf(
  tx: WorkspaceTransaction,
  contactId: string,
  identities: readonly Identity[],
): Promise<AbsorbedRows> {
  const activities = await allActivities(tx, contactId);
  const [conversations, orders, notes, flowRuns, consents, processed] = await Promise.all([
    tx.conversations.listByContact(contactId),
    tx.orders.listByContact(contactId),
    tx.notes.listByContact(contactId),
    tx.flowRuns.listByContact(contactId),
    tx.consents.listByContact(contactId),
    tx.processedEvents.listByContact(contactId),
  ]);
  return {
    contactId,
    identities: identities.filter((i) => i.contactId === contactId),
    activityIds: activities.map((a) => a.id),
    conversationIds: conversations.map((c) => c.id),
    orderIds: orders.map((o) => o.orderId),
    noteIds: notes.map((n) => n.id),
    flowRunIds: flowRuns.map((r) => r.id),
    consentIds: consents.map((c) => c.id),
    processedEventIds: processed.map((p) => p.eventId),
  };
}
