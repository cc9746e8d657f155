import { z } from 'zod';
import { NotFoundError, type OpenConversation, OpenConversationsError } from '../errors/errors.js';
import type { Activity } from '../model/activity.js';
import type { ConsentRecord } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { DomainEvent } from '../model/domain-event.js';
import { parseInput } from '../model/parse.js';
import { IdSchema } from '../model/primitives.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import {
  type ConsentInput,
  ConsentInputSchema,
  type ConsentState,
  consentInForce,
  consentState,
  withConsent,
} from '../privacy/consent-state.js';
import { type ErasurePlan, erasedEntry, planErasure } from '../privacy/erasure-plan.js';
import { retentionDue } from '../privacy/retention.js';
import { buildSubjectExport, type SubjectExport } from '../privacy/subject-export.js';
import { type SegmentFilter, SegmentRefSchema, segmentFilterOf } from '../segments/filter.js';
import { ListService } from './list-service.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';
import { logEntry } from './runtime/log-entry.js';

/** Contacts read per page when a workspace is scanned (segments, retention). */
const SCAN_PAGE = 500;
/** Default number of contacts deleted or purged in one transaction. */
const DEFAULT_BATCH = 200;

/** What an erasure removed. */
export interface ErasureResult {
  /** The erased contacts' ids: the only thing about them that is left (in `contact.erased` events). */
  readonly contactIds: readonly string[];
  /** Rows deleted, per table (`contacts`, `identities`, `log`, `orders`, …). */
  readonly removed: Readonly<Record<string, number>>;
  /** Rows kept without their link to the person, per table, as the workspace's configuration says. */
  readonly unlinked: Readonly<Record<string, number>>;
}

/** Options of {@link PrivacyService.deleteContact} and {@link PrivacyService.bulkDelete}. */
export interface DeleteOptions {
  /** Delete even when the contact has open conversations. Default `false`. */
  readonly force?: boolean;
  /** Who asked for it (a user id…), recorded on the `contact.deleted` event. */
  readonly actor?: string;
}

/** What {@link PrivacyService.deleteContact} did. */
export interface DeletionResult {
  readonly contactId: string;
  /** When the contact was deleted (earlier, if it already was). */
  readonly deletedAt: Date;
  /** It was deleted before this call, which changed nothing. */
  readonly alreadyDeleted: boolean;
}

/** Which contacts {@link PrivacyService.bulkDelete} deletes: ids, or a segment (filter or built-in list). */
export const BulkDeleteSelectionSchema = z.union([
  z.object({ ids: z.array(IdSchema).min(1).max(1_000_000) }),
  z.object({ segment: SegmentRefSchema }),
]);
export type BulkDeleteSelection = z.input<typeof BulkDeleteSelectionSchema>;

/** Options of {@link PrivacyService.bulkDelete}. */
export interface BulkDeleteOptions extends DeleteOptions {
  /** Contacts deleted per transaction; each batch is all-or-nothing. Default 200. */
  readonly batchSize?: number;
}

/** What {@link PrivacyService.bulkDelete} did. */
export interface BulkDeleteResult {
  /** How many contacts were deleted by this call. */
  readonly deleted: number;
  /** Ids asked for that do not exist, or were already deleted. */
  readonly skipped: readonly string[];
  /** Contacts left alone because of open conversations (without `force`), with those conversations. */
  readonly refused: readonly OpenConversation[];
  /** Transactions committed. */
  readonly batches: number;
}

/** What {@link PrivacyService.applyRetention} did. */
export interface RetentionResult {
  readonly at: Date;
  readonly archived: readonly string[];
  readonly unarchived: readonly string[];
  readonly purged: readonly string[];
}

/**
 * The privacy side of contacts: subject-data export, erasure, deletion with its guard and grace
 * period, bulk delete, retention and consent. The only place with effects; every rule it applies is a
 * pure function in `src/privacy` or `src/segments`.
 *
 * Deleting is soft: the contact gets `deletedAt`, stops counting as known to intake (the next event
 * with its email creates a fresh contact), and {@link applyRetention} purges it after the workspace's
 * grace period. Erasing is immediate and leaves only the opaque id, in a `contact.erased` event.
 *
 * @example
 * ```ts
 * const context = new ServiceContext({ store: new MemoryStore() });
 * const intake = new ContactService(context);
 * const privacy = new PrivacyService(context);
 * const { contactId } = await intake.ingest(event);
 * const doc = await privacy.exportSubject('acme', contactId);
 * await privacy.erase('acme', contactId);
 * ```
 */
export class PrivacyService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /**
   * Everything kept about one person: profile, identities, the whole timeline, consent (records and
   * what is in force), scores, merge history, conversations, orders, notes and flow runs.
   *
   * @throws {@link contactkit!NotFoundError} when the contact does not exist (or was erased).
   *
   * @example
   * ```ts
   * const doc = await privacy.exportSubject('acme', 'c_1');
   * await writeFile('c_1.json', subjectExportToJson(doc));
   * ```
   */
  async exportSubject(workspaceId: string, contactId: string): Promise<SubjectExport> {
    return this.context.store.transaction(workspaceId, async (tx) => {
      const contact = await tx.contacts.get(contactId);
      if (!contact) throw new NotFoundError('contact', workspaceId, contactId);
      const timeline: Activity[] = [];
      let cursor: string | undefined;
      do {
        const page = await tx.log.timeline(contactId, {
          limit: 1000,
          ...(cursor === undefined ? {} : { cursor }),
        });
        timeline.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      // One after another: a transaction is one connection.
      const rows = {
        contact,
        timeline,
        identities: await tx.identities.listByContacts([contactId]),
        consents: await tx.consents.listByContact(contactId),
        merges: await tx.merges.listByContact(contactId),
        conversations: await tx.conversations.listByContact(contactId),
        orders: await tx.orders.listByContact(contactId),
        notes: await tx.notes.listByContact(contactId),
        flowRuns: await tx.flowRuns.listByContact(contactId),
        scoreLedger: await tx.scoreLedger.listByContact(contactId),
        followUps: await tx.followUps.listByContact(contactId),
        reviewItems: await tx.reviewItems.listByContact(contactId),
        reminders: await tx.reminders.listByContact(contactId),
      };
      return buildSubjectExport(rows, this.context.clock());
    });
  }

  /**
   * Erases a person now: their rows go from every table (conversations and flow runs are deleted or
   * kept unlinked, as the workspace chose), and one `contact.erased` event with only the contact id and
   * the time is written. The next event with their email creates a fresh contact. Erasure is a right
   * of the person, so open conversations do not block it.
   *
   * @throws {@link contactkit!NotFoundError} when the contact does not exist.
   *
   * @example
   * ```ts
   * const { removed } = await privacy.erase('acme', 'c_1');
   * removed.identities // 2
   * ```
   */
  async erase(workspaceId: string, contactId: string): Promise<ErasureResult> {
    const id = parseInput(IdSchema, contactId, 'contactId');
    const plan = planErasure([id], this.context.configOf(workspaceId));
    return this.context.run(workspaceId, async (tx) => {
      if ((await tx.contacts.lock([id])).length === 0) throw new NotFoundError('contact', workspaceId, id);
      return this.applyErasure(tx, plan);
    });
  }

  /**
   * Deletes a contact: marks it deleted, so intake no longer matches it, and emits `contact.deleted`.
   * Its rows stay for the workspace's grace period, then {@link applyRetention} purges them. A contact
   * with an open conversation is refused unless `force` is set.
   *
   * @throws {@link OpenConversationsError} naming the open conversations, without `force`.
   * @throws {@link contactkit!NotFoundError} when the contact does not exist.
   *
   * @example
   * ```ts
   * await privacy.deleteContact('acme', 'c_1');                  // refused if c_1 is mid-conversation
   * await privacy.deleteContact('acme', 'c_1', { force: true }); // deleted anyway
   * ```
   */
  async deleteContact(
    workspaceId: string,
    contactId: string,
    options: DeleteOptions = {},
  ): Promise<DeletionResult> {
    const id = parseInput(IdSchema, contactId, 'contactId');
    return this.context.run(workspaceId, async (tx) => {
      const contact = await tx.contacts.get(id);
      if (!contact) throw new NotFoundError('contact', workspaceId, id);
      if (contact.deletedAt !== undefined) {
        return { contactId: id, deletedAt: contact.deletedAt, alreadyDeleted: true };
      }
      if (!options.force) {
        const open = await openConversations(tx, [id]);
        if (open.length) throw new OpenConversationsError(workspaceId, open);
      }
      const deletedAt = await this.softDelete(tx, [contact], options);
      return { contactId: id, deletedAt, alreadyDeleted: false };
    });
  }

  /**
   * Deletes many contacts, by id or by segment, in batches: each batch is one transaction, all or
   * nothing. Contacts with open conversations are left alone and reported in `refused`, unless `force`.
   * A segment is compiled by the store (SQL on SQL stores) and evaluated at the service clock's `now`.
   *
   * @example
   * ```ts
   * await privacy.bulkDelete('acme', { ids: ['c_1', 'c_2'] });
   * const stale = { type: 'date', field: 'lastSeenAt', olderThanDays: 365 } as const;
   * const { deleted, refused } = await privacy.bulkDelete('acme', { segment: stale });
   * ```
   */
  async bulkDelete(
    workspaceId: string,
    selection: BulkDeleteSelection,
    options: BulkDeleteOptions = {},
  ): Promise<BulkDeleteResult> {
    const parsed = parseInput(BulkDeleteSelectionSchema, selection, 'selection');
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    const ids =
      'ids' in parsed
        ? [...new Set(parsed.ids)]
        : await this.idsInSegment(workspaceId, segmentFilterOf(parsed.segment));
    let deleted = 0;
    let batches = 0;
    const skipped: string[] = [];
    const refused: OpenConversation[] = [];
    for (let start = 0; start < ids.length; start += batchSize) {
      const batch = ids.slice(start, start + batchSize);
      const outcome = await this.context.run(workspaceId, async (tx) => {
        const found = new Map((await tx.contacts.getMany(batch)).map((c) => [c.id, c]));
        const live = batch.flatMap((id) => {
          const c = found.get(id);
          return c && c.deletedAt === undefined ? [c] : [];
        });
        const open = options.force
          ? []
          : await openConversations(
              tx,
              live.map((c) => c.id),
            );
        const blocked = new Set(open.map((o) => o.contactId));
        const doomed = live.filter((c) => !blocked.has(c.id));
        if (doomed.length) await this.softDelete(tx, doomed, options);
        const liveIds = new Set(live.map((c) => c.id));
        return { deleted: doomed.length, open, skipped: batch.filter((id) => !liveIds.has(id)) };
      });
      batches++;
      deleted += outcome.deleted;
      refused.push(...outcome.open);
      skipped.push(...outcome.skipped);
    }
    return { deleted, skipped, refused, batches };
  }

  /**
   * Applies the workspace's retention policy at the service clock's `now`: archives contacts inactive
   * past `archiveAfterInactiveDays`, unarchives archived ones seen again, and purges (erases) contacts
   * deleted more than `purgeAfterDeletedDays` ago. Each batch re-checks its contacts inside its
   * transaction, so a contact that changed meanwhile is left for the next run.
   *
   * @example
   * ```ts
   * const { archived, purged } = await privacy.applyRetention('acme'); // e.g. nightly
   * ```
   */
  async applyRetention(workspaceId: string): Promise<RetentionResult> {
    const config = this.context.configOf(workspaceId);
    const now = this.context.clock();
    const due = { archive: [] as string[], unarchive: [] as string[], purge: [] as string[] };
    await this.scan(workspaceId, (contact) => {
      const action = retentionDue(contact, config.retention, now);
      if (action) due[action].push(contact.id);
    });
    const done = { archive: [] as string[], unarchive: [] as string[], purge: [] as string[] };
    for (const action of ['archive', 'unarchive', 'purge'] as const) {
      for (let start = 0; start < due[action].length; start += DEFAULT_BATCH) {
        const batch = due[action].slice(start, start + DEFAULT_BATCH);
        const applied = await this.context.run(workspaceId, async (tx) => {
          const still = (await tx.contacts.getMany(batch)).filter(
            (c) => retentionDue(c, config.retention, now) === action,
          );
          if (still.length === 0) return [];
          if (action === 'purge') {
            await this.applyErasure(
              tx,
              planErasure(
                still.map((c) => c.id),
                config,
              ),
            );
          } else {
            await this.setArchived(tx, still, action === 'archive' ? now : undefined, now);
          }
          return still.map((c) => c.id);
        });
        done[action].push(...applied);
      }
    }
    return { at: now, archived: done.archive, unarchived: done.unarchive, purged: done.purge };
  }

  /**
   * Records that a person granted or revoked consent for a purpose, with when and where, and adds a
   * `consent.changed` entry to their timeline. Records are append-only; the latest per purpose is in
   * force (see {@link consentOf}), and the contact carries it (`contact.consent`, which segments filter
   * by), updated in the same transaction.
   *
   * @throws {@link contactkit!ValidationError} for a bad input; {@link contactkit!NotFoundError} for an unknown contact.
   *
   * @example
   * ```ts
   * await privacy.recordConsent('acme', 'c_1', {
   *   purpose: 'email_marketing', status: 'granted', source: 'chat_widget', method: 'checkbox "Send me offers"',
   * });
   * ```
   */
  async recordConsent(workspaceId: string, contactId: string, input: ConsentInput): Promise<ConsentRecord> {
    const id = parseInput(IdSchema, contactId, 'contactId');
    const parsed = parseInput(ConsentInputSchema, input, 'consent');
    return this.context.run(workspaceId, async (tx) => {
      const [contact] = await tx.contacts.getMany([id], { lock: true });
      if (!contact) throw new NotFoundError('contact', workspaceId, id);
      const now = this.context.clock();
      const record: ConsentRecord = {
        workspaceId,
        id: this.context.ids(),
        contactId: id,
        purpose: parsed.purpose,
        status: parsed.status,
        at: parsed.at ?? now,
        source: parsed.source,
        ...(parsed.method === undefined ? {} : { method: parsed.method }),
      };
      await tx.consents.insert([record]);
      // The contact carries the consent in force, for lists: folded again from every record, in this
      // transaction. A record dated before the one in force changes nothing there.
      const next = withConsent(contact, consentInForce(await tx.consents.listByContact(id)));
      if (next !== contact)
        await tx.contacts.updateMany([{ ...next, updatedAt: now, version: contact.version + 1 }]);
      const data = {
        consentId: record.id,
        purpose: record.purpose,
        status: record.status,
        source: record.source,
      };
      await tx.log.append([
        logEntry(
          this.context,
          workspaceId,
          {
            contactId: id,
            at: record.at,
            activity: { type: 'consent.changed', data },
            event: { type: 'consent.changed', payload: data },
          },
          now,
        ),
      ]);
      return record;
    });
  }

  /**
   * The consent in force for a contact: the latest record per purpose. Empty for a contact with none.
   *
   * @example
   * ```ts
   * const consent = await privacy.consentOf('acme', 'c_1');
   * hasConsent(consent, 'email_marketing') // true or false
   * ```
   */
  async consentOf(workspaceId: string, contactId: string): Promise<ConsentState> {
    const records = await this.context.store.transaction(workspaceId, (tx) =>
      tx.consents.listByContact(contactId),
    );
    return consentState(records);
  }

  /**
   * Ids of the workspace's live (not deleted) contacts in a segment at the clock's `now`: the store
   * runs the compiled segment, a page per transaction.
   */
  private async idsInSegment(workspaceId: string, filter: SegmentFilter): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of new ListService(this.context).ids(workspaceId, { filter }, SCAN_PAGE))
      ids.push(...page);
    return ids;
  }

  /**
   * Reads every contact of a workspace, a page per transaction, so a scan never holds one long
   * transaction (in-memory filtering until segments compile to SQL).
   */
  private async scan(workspaceId: string, visit: (contact: Contact) => void): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.context.store.transaction(workspaceId, (tx) =>
        tx.contacts.list({ limit: SCAN_PAGE, ...(cursor === undefined ? {} : { cursor }) }),
      );
      for (const contact of page.items) visit(contact);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  private async softDelete(
    tx: WorkspaceTransaction,
    contacts: readonly Contact[],
    options: DeleteOptions,
  ): Promise<Date> {
    const now = this.context.clock();
    const next = contacts.map((c) => ({ ...c, deletedAt: now, updatedAt: now, version: c.version + 1 }));
    // Ids and the time only: receivers learn that a contact went, not who it was.
    await this.storeAndAnnounce(tx, next, 'contact.deleted', now, (c) => ({
      contactId: c.id,
      deletedAt: now.toISOString(),
      forced: options.force === true,
      ...(options.actor === undefined ? {} : { actor: options.actor }),
    }));
    return now;
  }

  /** Stores the contacts' next versions and puts one outbox event per contact, in the same transaction. */
  private async storeAndAnnounce(
    tx: WorkspaceTransaction,
    next: readonly Contact[],
    type: DomainEvent['type'],
    at: Date,
    payload: (contact: Contact) => DomainEvent['payload'],
  ): Promise<void> {
    await tx.contacts.updateMany(next);
    await tx.log.append(
      next.map((c) =>
        logEntry(this.context, tx.workspaceId, { contactId: c.id, event: { type, payload: payload(c) } }, at),
      ),
    );
  }

  private async setArchived(
    tx: WorkspaceTransaction,
    contacts: readonly Contact[],
    archivedAt: Date | undefined,
    now: Date,
  ): Promise<void> {
    const next = contacts.map(({ archivedAt: _old, ...c }) => ({
      ...c,
      ...(archivedAt === undefined ? {} : { archivedAt }),
      updatedAt: now,
      version: c.version + 1,
    }));
    await this.storeAndAnnounce(tx, next, 'contact.updated', now, (c) => ({
      contactId: c.id,
      changed: ['archivedAt'],
    }));
  }

  /** Applies an erasure plan inside a transaction, and announces each erasure without personal data. */
  private async applyErasure(tx: WorkspaceTransaction, plan: ErasurePlan): Promise<ErasureResult> {
    const { removed, unlinked } = await tx.applyErasure({ contactIds: plan.contactIds, unlink: plan.unlink });
    const at = this.context.clock();
    await tx.log.append(
      plan.contactIds.map((contactId) =>
        erasedEntry({ id: this.context.ids(), workspaceId: tx.workspaceId, contactId, at }),
      ),
    );
    return { contactIds: plan.contactIds, removed, unlinked };
  }
}

/** The open conversations of these contacts: what the deletion guard refuses on. */
async function openConversations(
  tx: WorkspaceTransaction,
  contactIds: readonly string[],
): Promise<OpenConversation[]> {
  const open: OpenConversation[] = [];
  for (const contactId of contactIds) {
    for (const c of await tx.conversations.listByContact(contactId)) {
      if (c.status === 'open') open.push({ contactId, conversationId: c.id });
    }
  }
  return open;
}

/** Builds a {@link PrivacyService}. */
export function createPrivacyService(options: ServiceOptions | ServiceContext): PrivacyService {
  return new PrivacyService(options);
}
