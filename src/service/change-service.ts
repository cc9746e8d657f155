import { z } from 'zod';
import { ValidationError } from '../errors/errors.js';
import { ContactSchema } from '../model/contact.js';
import { parseInput } from '../model/parse.js';
import { IdSchema } from '../model/primitives.js';
import { ContactChangeSchema, contactChanges } from '../sync/contact-changes.js';
import { ServiceContext, type ServiceOptions } from './runtime/context.js';

/** Where to read changes from. */
export const ChangesQuerySchema = z
  .object({
    /** The `cursor` of the previous call; absent, from the start of the workspace's log. */
    cursor: z.string().max(40).optional(),
    /** Most log events to read (default 100, at most 1000); a page holds at most this many changes. */
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type ChangesQuery = z.input<typeof ChangesQuerySchema>;

/** A contact's change, with the contact as it is now when it is still there. */
export const ContactChangeWithContactSchema = ContactChangeSchema.extend({
  /** For `created` and `updated`: the contact as stored now (a later change may already show in it). */
  contact: ContactSchema.optional(),
});
export type ContactChangeWithContact = z.infer<typeof ContactChangeWithContactSchema>;

/** One page of changes (what an HTTP layer returns, and documents, as it is). */
export const ChangesPageSchema = z.object({
  changes: z.array(ContactChangeWithContactSchema),
  /** Where the next call starts: always given, also when nothing changed (keep it, call again later). */
  cursor: z.string(),
  /** Whether more changes are already waiting (call again at once). */
  more: z.boolean(),
});
export type ChangesPage = z.infer<typeof ChangesPageSchema>;

/**
 * Incremental sync: the contacts created, updated, merged away, deleted and erased since a cursor,
 * read from the workspace's log by position, so a host can keep a CRM or an email tool in step without
 * full exports. A cursor is a position in the log: positions grow in commit order, so a change is
 * never missed between two calls. The contact comes with each `created` and `updated` change, as it
 * is now; a contact changed and then merged away or erased shows only as that.
 *
 * @example
 * ```ts
 * let cursor = await loadCursor(); // undefined the first time: from the start
 * for (;;) {
 *   const page = await kit.changes.since('acme', { cursor, limit: 500 });
 *   for (const c of page.changes) await pushToCrm(c); // upsert, delete, or merge in the CRM
 *   cursor = page.cursor;
 *   await saveCursor(cursor);
 *   if (!page.more) await sleep(30_000);
 * }
 * ```
 */
export class ChangeService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /** The changes after `cursor`, a page at a time (see the class example). */
  async since(workspaceId: string, query: ChangesQuery = {}): Promise<ChangesPage> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const q = parseInput(ChangesQuerySchema, query, 'query');
    const after = q.cursor === undefined ? 0 : positionOf(q.cursor);
    return this.context.store.transaction(workspaceId, async (tx) => {
      // The head first: an event committed after it is left for the next call, never skipped.
      const head = await tx.log.lastPosition();
      const events = (await tx.log.events({ after, limit: q.limit })).filter(
        (e) => (e.position ?? 0) <= head,
      );
      const more = events.length === q.limit;
      const changes = contactChanges(events);
      const wanted = changes
        .filter((c) => c.kind === 'created' || c.kind === 'updated')
        .map((c) => c.contactId);
      const contacts = new Map((await tx.contacts.getMany(wanted)).map((c) => [c.id, c]));
      const cursor = String(more ? (events.at(-1)?.position ?? after) : Math.max(after, head));
      return {
        changes: changes.flatMap((c): ContactChangeWithContact[] => {
          if (c.kind !== 'created' && c.kind !== 'updated') return [c];
          const contact = contacts.get(c.contactId);
          // Gone since (merged away, erased): a later event of the log says so.
          return contact ? [{ ...c, contact }] : [];
        }),
        cursor,
        more,
      };
    });
  }

  /**
   * The cursor of the log's end now: start a sync from here after a full export, so the export and
   * the changes meet without a gap (export after taking it; a change made during the export shows up
   * again as a change, which an upsert absorbs).
   */
  async latest(workspaceId: string): Promise<{ readonly cursor: string }> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const head = await this.context.store.transaction(workspaceId, (tx) => tx.log.lastPosition());
    return { cursor: String(head) };
  }
}

/** A cursor's log position. */
function positionOf(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) {
    throw new ValidationError({
      field: 'query.cursor',
      value: cursor,
      reason: 'is not a cursor this API gave',
    });
  }
  return Number(cursor);
}

/** Builds a {@link ChangeService}. */
export function createChangeService(options: ServiceOptions | ServiceContext): ChangeService {
  return new ChangeService(options);
}
