import type { WorkspaceTransaction } from '../ports/store.js';

/**
 * Moves every row that belongs to the contacts `from` over to `to`: identities, timeline,
 * conversations, orders, notes, flow runs, consent and processed events. What a merge carries over,
 * in one place, so intake's automatic merges and explicit merges can never move different things.
 * The contacts themselves are left for the caller to delete.
 */
export async function moveContactRows(
  tx: WorkspaceTransaction,
  from: readonly string[],
  to: string,
): Promise<void> {
  await tx.identities.reassign(from, to);
  await tx.activities.reassign(from, to);
  await tx.conversations.reassign(from, to);
  await tx.orders.reassign(from, to);
  await tx.notes.reassign(from, to);
  await tx.flowRuns.reassign(from, to);
  await tx.consents.reassign(from, to);
  await tx.processedEvents.reassign(from, to);
}
