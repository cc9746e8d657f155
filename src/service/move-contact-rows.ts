import type { ContactMove } from '../ports/contact-owned-rows.js';
import type { WorkspaceTransaction } from '../ports/store.js';

/**
 * Moves every row that belongs to each move's `from` over to its `to`: identities, timeline,
 * conversations, orders, notes, flow runs, consent and processed events. What a merge carries over,
 * in one place, so intake's automatic merges and explicit merges can never move different things; one
 * call per table for all the moves of a batch. The contacts themselves are left for the caller to delete.
 */
export async function moveContactRowsMany(
  tx: WorkspaceTransaction,
  moves: readonly ContactMove[],
): Promise<void> {
  if (moves.length === 0) return;
  await tx.identities.reassignMany(moves);
  await tx.activities.reassignMany(moves);
  await tx.conversations.reassignMany(moves);
  await tx.orders.reassignMany(moves);
  await tx.notes.reassignMany(moves);
  await tx.flowRuns.reassignMany(moves);
  await tx.consents.reassignMany(moves);
  await tx.processedEvents.reassignMany(moves);
}

/** {@link moveContactRowsMany} for contacts that all go to one. */
export async function moveContactRows(
  tx: WorkspaceTransaction,
  from: readonly string[],
  to: string,
): Promise<void> {
  await moveContactRowsMany(
    tx,
    [...new Set(from)].map((id) => ({ from: id, to })),
  );
}
