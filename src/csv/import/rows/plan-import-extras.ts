import { classificationLogEntries } from '../../../classify/log-entries.js';
import { reclassifyContact } from '../../../classify/of-contact.js';
import type { IdentityClaim } from '../../../identity/claims.js';
import type { ConsentRecord } from '../../../model/consent.js';
import type { Contact } from '../../../model/contact.js';
import type { Identity } from '../../../model/identity.js';
import type { LogEntry } from '../../../model/log-entry.js';
import type { Note } from '../../../model/note.js';
import type { WorkspaceConfig } from '../../../model/workspace-config.js';
import { truncateText } from '../../../normalize/text.js';
import { consentInForce, withConsent } from '../../../privacy/consent-state.js';
import type { ImportConsent, ImportStats } from './candidate.js';

/** The most characters of an imported note; longer ones are cut, never in the middle of a character. */
export const IMPORT_NOTE_MAX = 20_000;

/**
 * A value dropped from a row that was imported: where (`row`, and the `column`'s header, empty when the
 * value belongs to no one column) and why.
 */
export interface ImportRowWarning {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

/** What one imported row brings beyond the chat event intake made of it, for the contact it resolved to. */
export interface RowExtras {
  /** The row's position in the batch, reported back in `changed`. */
  readonly index: number;
  /** The row's line number in the file, for warnings. */
  readonly row: number;
  /** The contact the row resolved to (after any merge later in the batch). */
  readonly contactId: string;
  /** Identities beyond the first of each type, already extracted as claims. */
  readonly claims: readonly IdentityClaim[];
  readonly consents: readonly ImportConsent[];
  readonly notes: readonly string[];
  readonly stats?: ImportStats | undefined;
}

/** What the plan reads: who holds the claimed identities, and the contacts' consents, notes and totals. */
export interface ExtrasState {
  /** Identity key (`type:value`) → the contact holding it. */
  readonly holders: ReadonlyMap<string, string>;
  /** A contact's consent records (none for a contact the batch created). */
  consentsOf(contactId: string): readonly ConsentRecord[];
  notesOf(contactId: string): readonly Note[];
  /** The stored contact, for rows with totals or consents; undefined when it is gone. */
  contactOf(contactId: string): Contact | undefined;
}

/** What the plan needs besides the rows and the state. */
export interface ExtrasContext {
  readonly workspaceId: string;
  readonly config: WorkspaceConfig;
  /** The import's time: when its consents, notes and identities are recorded as given. */
  readonly at: Date;
  /** The clock's reading. */
  readonly now: Date;
  /** The file's source label (`import:mailchimp`). */
  readonly source: string;
  readonly newId: () => string;
  /** The header of the column an identity type came from, for warnings. */
  identityHeader(type: string): string;
  /** The header of the totals' column, for warnings. */
  readonly statsHeader: string;
}

/** The rows to write for a batch's extras, and what to report. */
export interface ExtrasPlan {
  readonly identities: readonly Identity[];
  readonly consents: readonly ConsentRecord[];
  readonly notes: readonly Note[];
  /**
   * Contacts to update, version bumped: those whose totals rose (classified again), and those whose
   * consent in force changed (`consent`, folded from their records and the new ones).
   */
  readonly contacts: readonly Contact[];
  /** Timeline entries and events: notes added, consent changed, classification changes. */
  readonly log: readonly LogEntry[];
  /** The batch indexes of rows that changed something here. */
  readonly changed: ReadonlySet<number>;
  readonly warnings: readonly ImportRowWarning[];
}

/**
 * Decides what a batch of imported rows adds beyond intake: more identities (never one another contact
 * holds: a warning instead, and no merge behind the user's back), consents not already in force (and
 * the contact's consent in force with them), notes not already written, and totals that only ever rise
 * (then the contact is classified again). Pure:
 * given the state it reads, it returns the rows to write; the import service reads and writes.
 *
 * @example
 * ```ts
 * const plan = planImportExtras(rows, { holders, consentsOf, notesOf, contactOf }, ctx);
 * await tx.identities.insertMany(plan.identities);
 * ```
 */
export function planImportExtras(
  rows: readonly RowExtras[],
  state: ExtrasState,
  ctx: ExtrasContext,
): ExtrasPlan {
  const { workspaceId } = ctx;
  const holders = new Map(state.holders);
  const consentsOf = new Map<string, ConsentRecord[]>();
  const notesOf = new Map<string, Note[]>();
  const updated = new Map<string, Contact>();
  const restated = new Set<string>();
  const identities: Identity[] = [];
  const consents: ConsentRecord[] = [];
  const notes: Note[] = [];
  const log: LogEntry[] = [];
  const changed = new Set<number>();
  const warnings: ImportRowWarning[] = [];
  const entry = (
    contactId: string,
    at: Date,
    type: 'note.added' | 'consent.changed',
    data: Record<string, string>,
  ) =>
    log.push({
      workspaceId,
      id: ctx.newId(),
      contactId,
      at,
      recordedAt: ctx.now,
      activity: { type, actor: { kind: 'import' }, data },
      event: { type, payload: { contactId, ...data } },
    });

  for (const row of rows) {
    const id = row.contactId;
    let any = false;
    for (const claim of row.claims) {
      const key = claim.key;
      const holder = holders.get(key);
      if (holder === id) continue;
      if (holder !== undefined) {
        warnings.push({
          row: row.row,
          column: ctx.identityHeader(claim.type),
          reason: `this ${claim.type} belongs to another contact; it was not added to this one`,
        });
        continue;
      }
      holders.set(key, id);
      identities.push({
        workspaceId,
        contactId: id,
        type: claim.type,
        value: claim.value,
        raw: claim.raw,
        ...(claim.extension ? { extension: claim.extension } : {}),
        verified: false,
        sourceChannel: 'import',
        firstSeenAt: ctx.at,
      });
      any = true;
    }

    if (row.consents.length > 0) {
      const records = consentsOf.get(id) ?? [...state.consentsOf(id)];
      for (const fact of row.consents) {
        if (saysAlready(records, fact, ctx.source)) continue;
        const record: ConsentRecord = {
          workspaceId,
          id: ctx.newId(),
          contactId: id,
          purpose: fact.purpose,
          status: fact.status,
          at: fact.at ?? ctx.at,
          source: ctx.source,
          method: fact.evidence,
        };
        records.push(record);
        consents.push(record);
        entry(id, record.at, 'consent.changed', {
          consentId: record.id,
          purpose: record.purpose,
          status: record.status,
          source: record.source,
        });
        any = true;
      }
      consentsOf.set(id, records);
      const contact = updated.get(id) ?? state.contactOf(id);
      if (contact) {
        const next = withConsent(contact, consentInForce(records));
        if (next !== contact) updated.set(id, next);
      }
    }

    if (row.notes.length > 0) {
      const written = notesOf.get(id) ?? [...state.notesOf(id)];
      for (const raw of row.notes) {
        const text = truncateText(raw.trim(), IMPORT_NOTE_MAX);
        if (!text || written.some((note) => note.text === text)) continue;
        const note: Note = {
          workspaceId,
          id: ctx.newId(),
          contactId: id,
          author: { kind: 'person', name: 'import' },
          text,
          at: ctx.at,
        };
        written.push(note);
        notes.push(note);
        entry(id, note.at, 'note.added', { noteId: note.id });
        any = true;
      }
      notesOf.set(id, written);
    }

    const stats = row.stats;
    if (stats) {
      const contact = updated.get(id) ?? state.contactOf(id);
      if (!contact || contact.deletedAt !== undefined) {
        warnings.push({
          row: row.row,
          column: ctx.statsHeader,
          reason: 'the contact was deleted meanwhile; its totals were not updated',
        });
      } else {
        // Totals only rise: a file made before the contact's latest orders must not lower them.
        const orders = Math.max(contact.stats.orders, stats.orders ?? 0);
        const amountSpent = Math.max(contact.stats.amountSpent, stats.amountSpent ?? 0);
        if (orders !== contact.stats.orders || amountSpent !== contact.stats.amountSpent) {
          updated.set(id, { ...contact, stats: { ...contact.stats, orders, amountSpent } });
          restated.add(id);
          any = true;
        }
      }
    }
    if (any) changed.add(row.index);
  }

  const contacts: Contact[] = [];
  for (const contact of updated.values()) {
    const stored = state.contactOf(contact.id)!;
    if (!restated.has(contact.id)) {
      contacts.push({ ...contact, updatedAt: ctx.now, version: stored.version + 1 });
      continue;
    }
    const { contact: classified, changes } = reclassifyContact(contact, ctx.config, ctx.now);
    contacts.push({ ...classified, updatedAt: ctx.now, version: stored.version + 1 });
    log.push(
      ...classificationLogEntries(changes, {
        workspaceId,
        contactId: contact.id,
        at: ctx.now,
        recordedAt: ctx.now,
        newId: ctx.newId,
        actor: { kind: 'import' },
      }),
    );
  }
  return { identities, consents, notes, contacts, log, changed, warnings };
}

/** Whether `records` already say what `fact` says: the same record, or (undated) the same status in force. */
function saysAlready(records: readonly ConsentRecord[], fact: ImportConsent, source: string): boolean {
  const same = records.filter((r) => r.purpose === fact.purpose);
  if (fact.at) {
    const at = fact.at.getTime();
    return same.some((r) => r.status === fact.status && r.at.getTime() === at && r.source === source);
  }
  const latest = same.reduce<ConsentRecord | undefined>(
    (best, r) => (best === undefined || r.at.getTime() >= best.at.getTime() ? r : best),
    undefined,
  );
  return latest?.status === fact.status;
}
