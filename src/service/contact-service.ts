import { z } from 'zod';
import { reclassifyContact } from '../classify/of-contact.js';
import { type ContactPatchInput, ContactPatchSchema } from '../contact/edit.js';
import { type ContactkitError, NotFoundError, ValidationError } from '../errors/errors.js';
import type { NormalizedValue } from '../identity/claims.js';
import type { IngestOutcome, IngestResult } from '../intake/outcome.js';
import type { Activity } from '../model/activity.js';
import { type ChatEvent, type ChatEventInput, ChatEventSchema } from '../model/chat-event.js';
import type { Classification, ContactStatus } from '../model/classification.js';
import { type Contact, type Profile, ProfileSchema } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import { type FlowRun, FlowRunSchema } from '../model/flow-run.js';
import type { Identity } from '../model/identity.js';
import { type Note, NoteAuthorSchema } from '../model/note.js';
import type { OrderRecord } from '../model/order.js';
import { parseInput } from '../model/parse.js';
import { safeParseChatEvent } from '../model/parse-chat-event.js';
import { humanText, IdSchema, keyText, TimestampInputSchema } from '../model/primitives.js';
import type { WorkspaceConfig } from '../model/workspace-config.js';
import type { Page, PageOptions } from '../ports/page.js';
import type { ContactStore, WorkspaceTransaction } from '../ports/store.js';
import {
  addIdentityIn,
  type ContactCreateInput,
  ContactCreateSchema,
  createContactIn,
  type EditOptions,
  EditOptionsSchema,
  type IdentityInput,
  IdentityInputSchema,
  type IdentityLookup,
  lookupIdentityIn,
  removeIdentityIn,
  updateContactIn,
} from './contact-edits.js';
import { applyEvents, type IntakeContext, resultOf } from './intake.js';
import { checkWorkspaceId, ServiceContext, type ServiceOptions } from './runtime/context.js';
import { logEntry } from './runtime/log-entry.js';

/** How to build a {@link ContactService}. */
export interface ContactServiceOptions extends ServiceOptions {
  /** Most events written in one transaction by {@link ContactService.ingestBatch} (default 1000). */
  readonly batchSize?: number;
}

/** A contact with everything kept about it, as {@link ContactService.getContact} returns it. */
export interface ContactView {
  readonly contact: Contact;
  /** The status now, by the workspace's rules (orders make a contact converted). */
  readonly status: ContactStatus;
  /** Status, stage, score, grade, sentiment, flags and predicted spend, worked out now. */
  readonly classification: Classification;
  readonly identities: Identity[];
  /** The newest timeline entries; page on with {@link ContactService.listTimeline}. */
  readonly timeline: Page<Activity>;
  readonly conversations: ConversationSummary[];
  readonly orders: OrderRecord[];
  readonly notes: Note[];
  readonly flowRuns: FlowRun[];
}

/** What the host says when it identifies a visitor. */
export const IdentifyInputSchema = z.object({
  workspaceId: IdSchema,
  userId: keyText({ min: 1, max: 1024, trim: false }),
  eventId: IdSchema.optional(),
  occurredAt: TimestampInputSchema.optional(),
  channel: keyText({ min: 1, max: 64 }).default('api'),
  /** Other identities the host knows (email, phone, the visitor's cookie…). */
  identities: ChatEventSchema.shape.identities.optional(),
  profile: ProfileSchema.optional(),
});
export type IdentifyInput = z.input<typeof IdentifyInputSchema>;

export const NoteInputSchema = z.object({
  author: NoteAuthorSchema,
  text: humanText({ min: 1, max: 20_000, trim: true }),
  at: TimestampInputSchema.optional(),
});
export type NoteInput = z.input<typeof NoteInputSchema>;

export const FlowRunInputSchema = FlowRunSchema.extend({
  id: IdSchema.optional(),
  startedAt: TimestampInputSchema,
  finishedAt: TimestampInputSchema.optional(),
  stepsCompleted: z.number().int().min(0).default(0),
  actionsTriggered: z.array(humanText({ max: 200 })).default([]),
  conditionsMet: z.array(humanText({ max: 200 })).default([]),
  conditionsSkipped: z.array(humanText({ max: 200 })).default([]),
});
export type FlowRunInput = z.input<typeof FlowRunInputSchema>;

/**
 * The one place with effects: turns chat events into contacts through a {@link ContactStore}. Every
 * write happens in a transaction with its timeline entries and outbox events, and is retried when
 * another writer won a race, so one person never gets two contacts.
 *
 * @example
 * ```ts
 * const service = createContactService({ store: new MemoryStore() });
 * const outcome = await service.ingest({
 *   workspaceId: 'acme', eventId: 'evt_1', occurredAt: '2026-05-01T10:00:00Z', channel: 'web',
 *   identities: { cookie: 'ck_9', email: 'ana@example.com' }, message: { text: 'Hi!' },
 * });
 * outcome.kind // 'created'
 * ```
 */
export class ContactService {
  private readonly store: ContactStore;
  private readonly clock: () => Date;
  private readonly ids: () => string;
  private readonly batchSize: number;
  private readonly context: ServiceContext;
  private readonly cache: Map<string, NormalizedValue | string>;

  /** `cache`: a claims cache to share with the caller (the import service seeds it with its phones). */
  constructor(
    options: ContactServiceOptions | ServiceContext,
    batchSize?: number,
    cache: Map<string, NormalizedValue | string> = new Map(),
  ) {
    this.cache = cache;
    this.context = ServiceContext.from(options);
    this.store = this.context.store;
    this.clock = this.context.clock;
    this.ids = this.context.ids;
    this.batchSize = batchSize ?? ('batchSize' in options ? options.batchSize : undefined) ?? 1000;
  }

  private configOf(workspaceId: string): WorkspaceConfig {
    return this.context.configOf(workspaceId);
  }

  /**
   * Resolves one chat event to its contact and records it.
   *
   * @throws {@link contactkit!ValidationError} when the event is malformed or has no usable identity.
   */
  async ingest(input: ChatEventInput): Promise<IngestOutcome> {
    const [result] = await this.ingestBatch([input]);
    if (!result) throw new Error('ingest: no result');
    if (!result.ok) throw result.error;
    return result.outcome;
  }

  /**
   * Resolves many chat events, in order, a transaction per workspace and batch. Returns one result per
   * input, in input order: a bad event gets its typed error and never stops the others.
   */
  async ingestBatch(inputs: readonly ChatEventInput[]): Promise<IngestResult[]> {
    const results: IngestResult[] = new Array(inputs.length);
    const parsed: Array<ChatEvent | undefined> = new Array(inputs.length);
    inputs.forEach((input, index) => {
      const attempt = safeParseChatEvent(input);
      if (attempt.success) {
        parsed[index] = attempt.data;
        return;
      }
      const error = new ValidationError(
        attempt.error.issues.map((issue) => ({
          field: ['event', ...issue.path.map(String)].join('.'),
          value: undefined,
          reason: issue.message,
        })),
      );
      const eventId = typeof input?.eventId === 'string' ? input.eventId : undefined;
      results[index] = { ok: false, eventId, index, error };
    });
    return this.ingestParsed(parsed, results);
  }

  /**
   * {@link ingestBatch} for events a caller has already parsed with `ChatEventSchema` (the import
   * service, which validates each row at its own edge): the same writes without a second parse. An
   * `undefined` slot is skipped; its result is whatever `results` already holds there.
   *
   * `within` runs in each batch's transaction, after intake's writes, with that batch's results by
   * index into `events`: what the caller writes there commits or rolls back with the batch, and runs
   * again when the batch is retried.
   *
   * @internal
   */
  async ingestParsed(
    events: ReadonlyArray<ChatEvent | undefined>,
    results: IngestResult[] = new Array(events.length),
    within?: (tx: WorkspaceTransaction, batch: ReadonlyMap<number, IngestResult>) => Promise<void>,
  ): Promise<IngestResult[]> {
    // Each workspace's events, in order, with their places in `events`.
    const byWorkspace = new Map<string, { events: ChatEvent[]; indices: number[] }>();
    events.forEach((event, index) => {
      if (event === undefined) return;
      let list = byWorkspace.get(event.workspaceId);
      if (!list) {
        list = { events: [], indices: [] };
        byWorkspace.set(event.workspaceId, list);
      }
      list.events.push(event);
      list.indices.push(index);
    });
    for (const [workspaceId, list] of byWorkspace) {
      let config: WorkspaceConfig;
      try {
        config = this.configOf(workspaceId);
      } catch (error) {
        list.indices.forEach((index, i) => {
          const { eventId } = list.events[i]!;
          results[index] = { ok: false, eventId, index, error: error as ContactkitError };
        });
        continue;
      }
      for (let start = 0; start < list.events.length; start += this.batchSize) {
        const chunk = list.events.slice(start, start + this.batchSize);
        const indices = list.indices.slice(start, start + this.batchSize);
        const batch = await this.context.run(workspaceId, async (tx) => {
          const ctx: IntakeContext = { config, now: this.clock(), newId: this.ids, cache: this.cache };
          const { ws, outcomes } = await applyEvents(tx, chunk, ctx);
          await ws.flush();
          const chunkResults = chunk.map((event, i) => resultOf(event, indices[i]!, outcomes[i]!));
          if (within) await within(tx, new Map(indices.map((index, i) => [index, chunkResults[i]!])));
          return chunkResults;
        });
        indices.forEach((index, i) => {
          results[index] = batch[i]!;
        });
      }
    }
    return results;
  }

  /**
   * The host says who the visitor is: links the `userId` (verified) and any other identities, and
   * promotes the lead to a customer when the workspace says so.
   */
  async identify(input: IdentifyInput): Promise<IngestOutcome> {
    const parsed = parseInput(IdentifyInputSchema, input, 'identify');
    return this.ingest({
      workspaceId: parsed.workspaceId,
      eventId: parsed.eventId ?? `identify:${this.ids()}`,
      occurredAt: parsed.occurredAt ?? this.clock(),
      type: 'identify',
      channel: parsed.channel,
      identities: { ...parsed.identities, userId: parsed.userId },
      ...(parsed.profile ? { profile: parsed.profile } : {}),
    });
  }

  /**
   * A contact with its identities, newest timeline page, conversations, orders, notes and flow runs.
   * A soft-deleted contact is still returned, with `contact.deletedAt` set, until retention purges it:
   * by id is how an admin view shows what was deleted. Intake, exports, segment-wide deletes and the
   * duplicate scan no longer see it.
   */
  async getContact(workspaceId: string, contactId: string): Promise<ContactView | null> {
    parseInput(IdSchema, contactId, 'contactId');
    return this.store.transaction(workspaceId, async (tx) => {
      const contact = await tx.contacts.get(contactId);
      if (!contact) return null;
      const [identities, timeline, conversations, orders, notes, flowRuns] = await Promise.all([
        tx.identities.listByContacts([contactId]),
        tx.log.timeline(contactId, { limit: 50 }),
        tx.conversations.listByContact(contactId),
        tx.orders.listByContact(contactId),
        tx.notes.listByContact(contactId),
        tx.flowRuns.listByContact(contactId),
      ]);
      const { classification } = reclassifyContact(contact, this.configOf(workspaceId), this.clock()).contact;
      return {
        contact,
        status: classification!.status,
        classification: classification!,
        identities,
        timeline,
        conversations,
        orders,
        notes,
        flowRuns,
      };
    });
  }

  /** The contact holding an identity, e.g. `findByIdentity('acme', 'email', 'Ana@Example.com')`. */
  async findByIdentity(workspaceId: string, type: string, rawValue: string): Promise<Contact | null> {
    checkWorkspaceId(workspaceId);
    const found = await this.lookupIdentity(workspaceId, { type, value: rawValue });
    return found.status === 'held' ? found.contact : null;
  }

  /** A page of a contact's timeline, newest first. */
  async listTimeline(
    workspaceId: string,
    contactId: string,
    page: PageOptions = {},
  ): Promise<Page<Activity>> {
    parseInput(IdSchema, contactId, 'contactId');
    return this.store.transaction(workspaceId, (tx) => tx.log.timeline(contactId, page));
  }

  /** A contact's conversations across every inbox of the workspace, most recent first. */
  async listConversations(workspaceId: string, contactId: string): Promise<ConversationSummary[]> {
    parseInput(IdSchema, contactId, 'contactId');
    return this.store.transaction(workspaceId, (tx) => tx.conversations.listByContact(contactId));
  }

  /** Adds an internal note, written by a person or the AI. */
  async addNote(workspaceId: string, contactId: string, input: NoteInput): Promise<Note> {
    parseInput(IdSchema, contactId, 'contactId');
    const parsed = parseInput(NoteInputSchema, input, 'note');
    return this.context.run(workspaceId, async (tx) => {
      if ((await tx.contacts.lock([contactId])).length === 0)
        throw new NotFoundError('contact', workspaceId, contactId);
      const note: Note = {
        workspaceId,
        id: this.ids(),
        contactId,
        author: parsed.author,
        text: parsed.text,
        at: parsed.at ?? this.clock(),
      };
      await tx.notes.insert([note]);
      const actor = {
        kind: parsed.author.kind === 'ai' ? 'ai' : 'user',
        ...(parsed.author.id ? { id: parsed.author.id } : {}),
      } as const;
      await tx.log.append([
        logEntry(
          this.context,
          workspaceId,
          {
            contactId,
            at: note.at,
            activity: { type: 'note.added', actor, data: { noteId: note.id } },
            event: { type: 'note.added', payload: { noteId: note.id, author: { ...actor } } },
          },
          this.clock(),
        ),
      ]);
      return note;
    });
  }

  /** Records (or updates, by id) a run of a host automation flow against a contact. */
  async recordFlowRun(input: FlowRunInput): Promise<FlowRun> {
    const parsed = parseInput(FlowRunInputSchema, input, 'flowRun');
    const run: FlowRun = { ...parsed, id: parsed.id ?? this.ids() };
    return this.context.run(run.workspaceId, async (tx) => {
      if (run.contactId !== undefined && (await tx.contacts.lock([run.contactId])).length === 0) {
        throw new NotFoundError('contact', run.workspaceId, run.contactId);
      }
      await tx.flowRuns.put([run]);
      if (run.contactId !== undefined) {
        // The run's id and flow only: its names and steps are the host's text, kept in the run itself.
        const data = { flowRunId: run.id, flowId: run.flowId };
        await tx.log.append([
          logEntry(
            this.context,
            run.workspaceId,
            {
              contactId: run.contactId,
              at: run.finishedAt ?? run.startedAt,
              activity: { type: 'flow.ran', actor: { kind: 'system' }, data },
              event: { type: 'flow.ran', payload: data },
            },
            this.clock(),
          ),
        ]);
      }
      return run;
    });
  }

  /**
   * Makes a contact by hand (source `manual`), with or without identities. Identities are normalized
   * and must be free; custom fields are checked against the workspace's definitions (required ones
   * included); the timeline records who made it.
   *
   * @throws {@link contactkit!IdentityConflictError} when another contact holds one of its identities.
   * @throws {@link contactkit!ValidationError} naming the field, for an invalid or blocked identity, email or
   * phone, or a custom field that does not fit its definition.
   *
   * @example
   * ```ts
   * const contact = await kit.contacts.createContact('acme', {
   *   profile: { name: 'Ana Lima', phone: '+351 912 345 678' }, identities: { email: 'ana@example.com' },
   *   tags: { add: ['vip'] },
   * }, { actor: { kind: 'user', id: 'u_7' } });
   * ```
   */
  async createContact(
    workspaceId: string,
    input: ContactCreateInput,
    options?: EditOptions,
  ): Promise<Contact> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const parsed = parseInput(ContactCreateSchema, input, 'contact');
    const opts = parseInput(EditOptionsSchema, options ?? {}, 'options');
    return this.context.run(workspaceId, (tx) => createContactIn(tx, this.context, parsed, opts));
  }

  /**
   * A person edits a contact: any profile field (a value, or `null` to clear it), tags added and
   * removed, custom fields (checked against the workspace's definitions), preferences. A new email or
   * phone becomes the contact's identity, normalized and unique, and the one it replaces is retired.
   * Manual values are never overwritten by values the bot picks up later. The timeline records who
   * made the change; `contact.updated` is published.
   *
   * @throws {@link contactkit!NotFoundError} when the contact does not exist (or was deleted).
   * @throws {@link contactkit!IdentityConflictError} when another contact holds the new email or phone.
   * @throws {@link contactkit!ValidationError} naming the field, for an invalid value.
   *
   * @example
   * ```ts
   * await kit.contacts.updateContact('acme', id, { profile: { email: 'ana@new.example', company: null } });
   * ```
   */
  async updateContact(
    workspaceId: string,
    contactId: string,
    patch: ContactPatchInput,
    options?: EditOptions,
  ): Promise<Contact> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, contactId, 'contactId');
    const parsed = parseInput(ContactPatchSchema, patch, 'patch');
    const opts = parseInput(EditOptionsSchema, options ?? {}, 'options');
    return this.context.run(workspaceId, (tx) => updateContactIn(tx, this.context, contactId, parsed, opts));
  }

  /** {@link updateContact} of profile fields only. */
  async updateProfile(
    workspaceId: string,
    contactId: string,
    profile: Profile,
    options?: EditOptions,
  ): Promise<Contact> {
    return this.updateContact(workspaceId, contactId, { profile }, options);
  }

  /**
   * Adds an identity to a contact by hand (any type: `email`, `phone`, `whatsapp`, a custom one).
   * Returns the identity as stored; adding one the contact holds changes nothing.
   *
   * @throws {@link contactkit!IdentityConflictError} when another contact holds it, or a limit is reached.
   * @throws {@link contactkit!ValidationError} when it is invalid or blocked.
   */
  async addIdentity(
    workspaceId: string,
    contactId: string,
    identity: IdentityInput,
    options?: EditOptions,
  ): Promise<Identity> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const input = parseInput(IdentityInputSchema, identity, 'identity');
    const opts = parseInput(EditOptionsSchema, options ?? {}, 'options');
    return this.context.run(workspaceId, (tx) => addIdentityIn(tx, this.context, contactId, input, opts));
  }

  /** Removes an identity from a contact by hand; returns whether the contact held it. */
  async removeIdentity(
    workspaceId: string,
    contactId: string,
    identity: IdentityInput,
    options?: EditOptions,
  ): Promise<boolean> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const input = parseInput(IdentityInputSchema, identity, 'identity');
    const opts = parseInput(EditOptionsSchema, options ?? {}, 'options');
    return this.context.run(workspaceId, (tx) => removeIdentityIn(tx, this.context, contactId, input, opts));
  }

  /** How many live contacts the workspace has (deleted ones are not counted). */
  async countContacts(workspaceId: string): Promise<number> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    return this.store.transaction(workspaceId, (tx) => tx.contacts.count());
  }

  /**
   * The contact an event ended on, following merges made since: what a host that stored the event id
   * asks to find its contact again. Null for an event never ingested, or whose contact was erased.
   */
  async contactOfEvent(workspaceId: string, eventId: string): Promise<Contact | null> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    parseInput(IdSchema, eventId, 'eventId');
    return this.store.transaction(workspaceId, async (tx) => {
      // Processed-event records move with their contact in a merge, so the record names the survivor.
      const [processed] = await tx.processedEvents.get([eventId]);
      return processed ? await tx.contacts.get(processed.contactId) : null;
    });
  }

  /**
   * Looks an identity up as intake would match it: held by a contact (and which), unknown, blocked (never
   * matched on), or invalid (with the reason).
   *
   * @example
   * ```ts
   * await kit.contacts.lookupIdentity('acme', { type: 'email', value: 'test@test.com' }); // { status: 'blocked', … }
   * ```
   */
  async lookupIdentity(workspaceId: string, identity: IdentityInput): Promise<IdentityLookup> {
    parseInput(IdSchema, workspaceId, 'workspaceId');
    const input = parseInput(IdentityInputSchema, identity, 'identity');
    return this.store.transaction(workspaceId, (tx) => lookupIdentityIn(tx, this.context, input, this.cache));
  }
}

/** Builds a {@link ContactService}. */
export function createContactService(options: ContactServiceOptions): ContactService {
  return new ContactService(options);
}
