import { ConcurrentUpdateError, NotFoundError } from '../errors/errors.js';
import type { AbsorbedRows } from '../model/merge-record.js';
import { OWNED_TABLE_NAMES, type OwnedTableName } from './schema/tables.js';
import type {
  ContactAbsorption,
  ErasureCounts,
  ErasureRequest,
  OwnedTables,
  WorkspaceTransaction,
} from './store.js';
import type { ContactRowKey } from './table.js';

/*
 * `applyMerge` and `applyErasure` written once over the other repositories of a transaction: what they
 * mean, and an implementation any adapter may use. The memory adapter does; the SQL adapters do the same
 * work in fewer statements, and the conformance suite holds them to the same results.
 */

type Repositories = Omit<WorkspaceTransaction, 'applyMerge' | 'applyErasure'>;

function keysByOwner(keys: readonly ContactRowKey[]): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const { contactId, key } of keys) {
    const list = byOwner.get(contactId);
    if (list) list.push(key);
    else byOwner.set(contactId, [key]);
  }
  return byOwner;
}

/**
 * {@link WorkspaceTransaction.applyMerge} over the other repositories: holds the absorbed contacts and
 * checks they are at the version read, reads the keys of their rows, moves everything, deletes them.
 *
 * @example
 * ```ts
 * const [rows] = await applyMergeWith(tx, [{ contact: lead, into: known.id }]);
 * ```
 */
export async function applyMergeWith(
  tx: Repositories,
  absorptions: readonly ContactAbsorption[],
): Promise<AbsorbedRows[]> {
  if (absorptions.length === 0) return [];
  const ids = absorptions.map((a) => a.contact.id);
  const ws = tx.workspaceId;
  const held = new Map((await tx.contacts.getMany(ids, { lock: true })).map((c) => [c.id, c]));
  for (const { contact } of absorptions) {
    const stored = held.get(contact.id);
    if (!stored) throw new NotFoundError('contact', ws, contact.id);
    if (stored.version !== contact.version) {
      throw new ConcurrentUpdateError('contact', contact.id, contact.version);
    }
  }
  const targets = [...new Set(absorptions.map((a) => a.into))];
  const found = new Set(await tx.contacts.lock(targets));
  for (const id of targets) if (!found.has(id)) throw new NotFoundError('contact', ws, id);

  // Read before anything moves: the keys each absorbed contact brings.
  const identities = await tx.identities.listByContacts(ids);
  const log = keysByOwner(await tx.log.keysByContacts(ids));
  const owned = new Map<OwnedTableName, Map<string, string[]>>();
  for (const name of OWNED_TABLE_NAMES) owned.set(name, keysByOwner(await tx[name].keysByContacts(ids)));

  const moves = absorptions.map((a) => ({ from: a.contact.id, to: a.into }));
  await tx.identities.move(moves);
  await tx.log.move(moves);
  for (const name of OWNED_TABLE_NAMES) await tx[name].move(moves);
  await tx.contacts.deleteMany(ids, new Map(absorptions.map((a) => [a.contact.id, a.contact.version])));

  return ids.map((id) => ({
    contactId: id,
    identities: identities.filter((i) => i.contactId === id),
    logIds: log.get(id) ?? [],
    rows: Object.fromEntries(OWNED_TABLE_NAMES.map((name) => [name, owned.get(name)?.get(id) ?? []])),
  }));
}

/**
 * {@link WorkspaceTransaction.applyErasure} over the other repositories: holds the contacts, then
 * removes (or unlinks and scrubs) their rows table by table, the contacts last, so no row ever points
 * at a missing contact.
 *
 * @example
 * ```ts
 * await applyErasureWith(tx, { contactIds: ['c_1'], unlink: ['conversations', 'flowRuns'] });
 * ```
 */
export async function applyErasureWith(tx: Repositories, request: ErasureRequest): Promise<ErasureCounts> {
  const ids = [...new Set(request.contactIds)];
  const removed: Record<string, number> = {};
  const unlinked: Record<string, number> = {};
  if (ids.length === 0) return { removed, unlinked };
  // Held first: an intake batch that read one of them then waits and finds it gone (and runs again), so
  // none of its rows is left behind pointing at an erased contact.
  await tx.contacts.lock(ids);
  const keep = new Set<OwnedTableName>(request.unlink);
  for (const name of OWNED_TABLE_NAMES) {
    const table: OwnedTables[OwnedTableName] = tx[name];
    if (keep.has(name)) {
      unlinked[name] = await table.move(ids.map((from) => ({ from, to: null, scrub: true })));
    } else {
      removed[name] = await table.deleteByContacts(ids);
    }
  }
  const held = await tx.identities.listByContacts(ids);
  removed.identities = held.length > 0 ? await tx.identities.deleteByKeys(held) : 0;
  removed.log = await tx.log.deleteByContacts(ids);
  removed.merges = await tx.merges.deleteByContacts(ids);
  removed.suggestions = await tx.suggestions.deleteByContacts(ids);
  removed.contacts = await tx.contacts.deleteMany(ids);
  return { removed, unlinked };
}
