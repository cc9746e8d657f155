/**
 * The deciding half of the same-work baselines: intake as an expert would write it around the product's
 * rules, on plain Maps, with no library in between.
 *
 * The rows intake writes are decided by the product's rules (resolution, the profile policy,
 * engagement, scoring, classification, the timeline's contents), which are pure functions of the core:
 * `decideEvent` composes them. No bare code can write exactly those rows without computing them, and
 * an expert embedding these rules would call them rather than write them again; so the baseline does
 * too. What it leaves out is everything contactkit puts around the rules: the service's transaction and
 * retry, the working set with its loads and unit of work, the ports, and the stores' own bookkeeping
 * (undo journal, record checks, indexes). The expert keeps one set of Maps, applies each decision to it
 * in place, and hands each batch's rows to its storage: the Maps themselves on memory, the SQL replays
 * of bench/support/same-work.ts on SQLite and Postgres.
 *
 * {@link ExpertIntake.batch} returns the rows it decided to write, in the shape and order the service
 * hands them to the store, so that a test can check they are exactly the rows contactkit wrote.
 */

import { ValidationError } from '../../src/errors/errors.js';
import type { NormalizedValue } from '../../src/identity/claims.js';
import { decideEvent } from '../../src/intake/decide-event.js';
import type { MergeStep } from '../../src/intake/decision.js';
import { eventClaims } from '../../src/intake/event-claims.js';
import type { IntakeState } from '../../src/intake/state.js';
import type { ChatEvent, ChatEventInput } from '../../src/model/chat-event.js';
import type { Contact } from '../../src/model/contact.js';
import type { ConversationSummary } from '../../src/model/conversation.js';
import { type Identity, identityKeyString } from '../../src/model/identity.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import type { MergeRecord } from '../../src/model/merge-record.js';
import { safeParseChatEvent } from '../../src/model/parse-chat-event.js';
import type { ProcessedEvent } from '../../src/model/processed-event.js';
import type { LedgerEntry } from '../../src/model/score-ledger.js';
import { DEFAULT_WORKSPACE_CONFIG, type WorkspaceConfig } from '../../src/model/workspace-config.js';
import { OWNED_TABLE_NAMES } from '../../src/ports/schema/tables.js';

/** One batch's rows, as the service hands them to the store. */
export interface ExpertBatch {
  readonly insertContacts: Contact[];
  readonly updateContacts: Contact[];
  readonly identities: Identity[];
  readonly newConversations: ConversationSummary[];
  readonly changedConversations: ConversationSummary[];
  readonly processed: ProcessedEvent[];
  readonly ledger: LedgerEntry[];
  readonly merges: MergeRecord[];
  readonly log: LogEntry[];
}

/** A merge made in the batch, kept until its record is written. */
interface BatchMerge extends MergeStep {
  readonly absorbedBefore: Contact;
  readonly members: readonly string[];
  readonly identities: readonly Identity[];
  readonly earlier: number;
}

const NO_DEFINITIONS = new Map();
const unique = (keys: readonly string[]) => [...new Set(keys)];

/** A contact's stored rows by table, as a merge record lists them. */
type OwnedKeys = Record<'conversations' | 'processedEvents' | 'scoreLedger' | 'log', string[]>;

/**
 * An expert's intake for the bench's mix: parse, normalise, decide by the product's rules, apply to
 * plain Maps. A visitor who shows up on two channels in one batch is merged there, with its merge record;
 * merges of contacts stored by an earlier batch, orders and follow-ups are not in the mix, and a decision
 * that makes one is refused rather than half handled, as the SQL replays refuse calls they have no bare
 * equivalent of.
 */
export class ExpertIntake implements IntakeState {
  readonly contacts = new Map<string, Contact>();
  readonly holders = new Map<string, string>();
  readonly identities = new Map<string, Identity[]>();
  private readonly conversations = new Map<string, ConversationSummary>();
  private readonly processedEvents = new Map<string, ProcessedEvent>();
  /** Merged-away contact → the contact it went to. */
  private readonly absorbed = new Map<string, string>();
  /** The activity log, with its positions: the memory baseline's log table. */
  readonly log: LogEntry[] = [];
  /** The keys of each contact's stored rows, by table: what a merge of a stored contact moves. */
  private readonly owned = new Map<string, OwnedKeys>();
  readonly mergeRecords: MergeRecord[] = [];
  readonly cache = new Map<string, NormalizedValue | string>();

  constructor(
    readonly newId: () => string,
    readonly clock: () => Date = () => new Date(),
    readonly config: WorkspaceConfig = DEFAULT_WORKSPACE_CONFIG,
  ) {}

  processed(eventId: string): ProcessedEvent | undefined {
    return this.processedEvents.get(eventId);
  }
  survivor(contactId: string): string {
    let id = contactId;
    for (let next = this.absorbed.get(id); next !== undefined; next = this.absorbed.get(id)) id = next;
    return id;
  }
  contact(contactId: string): Contact {
    return this.contacts.get(this.survivor(contactId))!;
  }
  holderOf(key: string): string | undefined {
    const holder = this.holders.get(key);
    return holder === undefined ? undefined : this.survivor(holder);
  }
  identitiesOf(contactId: string): readonly Identity[] {
    return this.identities.get(this.survivor(contactId)) ?? [];
  }
  conversation(id: string): ConversationSummary | undefined {
    return this.conversations.get(id);
  }
  hasOrder(): boolean {
    return false;
  }
  followUpsOf(): readonly [] {
    return [];
  }
  fieldDefinitions() {
    return NO_DEFINITIONS;
  }

  /** Ingests one batch (one transaction's worth) and returns the rows it writes. */
  batch(inputs: readonly ChatEventInput[]): ExpertBatch {
    const events = inputs.map((input) => {
      const parsed = safeParseChatEvent(input);
      if (!parsed.success) throw new Error(`expert intake: ${input.eventId} did not parse`);
      return parsed.data;
    });
    return this.decide(events).rows;
  }

  /**
   * Decides one batch of parsed events and applies it; returns the rows it writes and, per event, the
   * contact it went to (followed through the batch's merges).
   */
  decide(events: readonly ChatEvent[]): { rows: ExpertBatch; contactIds: string[]; created: Set<string> } {
    const ctx = { config: this.config, now: this.clock(), newId: this.newId };
    const contactIds: string[] = [];
    const created = new Set<string>();
    // Stored contacts this batch changed, with the version they were read at: written once, a version on.
    const dirty = new Map<string, number>();
    // Conversations this batch touched: whether each was stored before it.
    const touched = new Map<string, boolean>();
    const merges: BatchMerge[] = [];
    const absorbedHere: string[] = [];
    const identities: Identity[] = [];
    const processed: ProcessedEvent[] = [];
    const ledger: LedgerEntry[] = [];
    const log: LogEntry[] = [];
    for (const event of events) {
      const decision = decideEvent(this, event, eventClaims(event, ctx.config, this.cache), ctx);
      if (decision instanceof ValidationError) throw decision;
      contactIds.push(decision.outcome.contactId);
      if (!decision.processed) continue; // a replay writes nothing
      if (decision.order || decision.followUps?.length) {
        throw new Error('expert intake: the mix placed an order or settled a follow-up');
      }
      if (decision.create) {
        this.contacts.set(decision.create.id, decision.create);
        this.identities.set(decision.create.id, []);
        created.add(decision.create.id);
      }
      for (const step of decision.merges) {
        // The merged-away contact and those merged into it earlier in this batch: whose rows it brings.
        const members = [step.from, ...absorbedHere.filter((id) => this.survivor(id) === step.from)];
        merges.push({
          ...step,
          absorbedBefore: this.contacts.get(step.from)!,
          members,
          identities: (this.identities.get(step.from) ?? []).map((i) => ({ ...i, contactId: step.from })),
          earlier: merges.filter((m) => m.into === step.into).length,
        });
        this.absorbed.set(step.from, step.into);
        absorbedHere.push(step.from);
        this.identities.get(step.into)!.push(...this.identities.get(step.from)!);
        this.identities.delete(step.from);
        this.contacts.delete(step.from);
      }
      for (const identity of decision.attach) {
        this.holders.set(identityKeyString(identity), identity.contactId);
        this.identities.get(identity.contactId)!.push(identity);
        identities.push(identity);
      }
      const contact = decision.contact;
      if (contact) {
        if (!created.has(contact.id) && !dirty.has(contact.id)) {
          dirty.set(contact.id, this.contacts.get(contact.id)!.version);
        }
        this.contacts.set(contact.id, contact);
      }
      const conversation = decision.conversation;
      if (conversation) {
        if (!touched.has(conversation.id))
          touched.set(conversation.id, this.conversations.has(conversation.id));
        this.conversations.set(conversation.id, conversation);
      }
      for (const entry of decision.ledger) ledger.push(entry);
      for (const entry of decision.log) log.push(entry);
      this.processedEvents.set(decision.processed.eventId, decision.processed);
      processed.push(decision.processed);
    }

    // Rows made for a contact merged away later in the batch go to the survivor.
    const fix = <T extends { contactId?: string | undefined }>(row: T): T => {
      if (row.contactId === undefined) return row;
      const survivor = this.survivor(row.contactId);
      return survivor === row.contactId ? row : { ...row, contactId: survivor };
    };
    const out: ExpertBatch = {
      insertContacts: [],
      updateContacts: [],
      identities: identities.map(fix),
      newConversations: [],
      changedConversations: [],
      processed: processed.map(fix),
      ledger: ledger.map(fix),
      merges: [],
      log: log.map(fix),
    };
    // Stored contacts merged away: their stored rows go to the survivor (before this batch's rows are
    // written, so those go there directly), and the keys moved go into the merge record.
    const moved = new Map<string, OwnedKeys>();
    for (const m of merges) {
      for (const id of m.members) {
        if (created.has(id) || moved.has(id)) continue;
        moved.set(id, this.moveStoredRows(id, this.survivor(id)));
      }
    }
    for (const m of merges) out.merges.push(this.mergeRecord(m, moved, { touched, processed, ledger, log }));
    for (const id of created) if (this.contacts.has(id)) out.insertContacts.push(this.contacts.get(id)!);
    for (const [id, version] of dirty) {
      if (!this.contacts.has(id)) continue; // merged away
      const written = { ...this.contacts.get(id)!, version: version + 1 };
      this.contacts.set(id, written);
      out.updateContacts.push(written);
    }
    for (const [id, stored] of touched) {
      const conversation = fix(this.conversations.get(id)!);
      this.conversations.set(id, conversation);
      if (stored) out.changedConversations.push(conversation);
      else {
        out.newConversations.push(conversation);
        this.ownedBy(conversation.contactId!).conversations.push(id);
      }
    }
    for (const p of out.processed) this.ownedBy(p.contactId).processedEvents.push(p.eventId);
    for (const e of out.ledger) this.ownedBy(e.contactId).scoreLedger.push(e.id);
    this.appendLog(out.log);
    for (const record of out.merges) this.mergeRecords.push(record);
    return { rows: out, contactIds: contactIds.map((id) => this.survivor(id)), created };
  }

  /** Applies rows decided beside intake (an import's extras): identities, contacts, log entries. */
  applyRows(rows: {
    identities: readonly Identity[];
    contacts: readonly Contact[];
    log: readonly LogEntry[];
  }): void {
    for (const identity of rows.identities) {
      this.holders.set(identityKeyString(identity), identity.contactId);
      this.identities.get(identity.contactId)?.push(identity);
    }
    for (const contact of rows.contacts) this.contacts.set(contact.id, contact);
    this.appendLog(rows.log);
  }

  private appendLog(entries: readonly LogEntry[]): void {
    let position = this.log.length;
    for (const entry of entries) {
      this.log.push({ ...entry, position: ++position });
      if (entry.contactId !== undefined) this.ownedBy(entry.contactId).log.push(entry.id);
    }
  }

  private ownedBy(contactId: string): OwnedKeys {
    let keys = this.owned.get(contactId);
    if (!keys) {
      keys = { conversations: [], processedEvents: [], scoreLedger: [], log: [] };
      this.owned.set(contactId, keys);
    }
    return keys;
  }

  /** Points a merged-away stored contact's rows at the survivor; returns their keys. */
  private moveStoredRows(from: string, to: string): OwnedKeys {
    const keys = this.ownedBy(from);
    this.owned.delete(from);
    const into = this.ownedBy(to);
    for (const id of keys.conversations) {
      this.conversations.set(id, { ...this.conversations.get(id)!, contactId: to });
      into.conversations.push(id);
    }
    for (const id of keys.processedEvents) {
      this.processedEvents.set(id, { ...this.processedEvents.get(id)!, contactId: to });
      into.processedEvents.push(id);
    }
    // The ledger and the log are append-only lists here: their rows keep their place, and the survivor's
    // index takes their keys (a store keyed by contact would rewrite the rows as the others are).
    into.scoreLedger.push(...keys.scoreLedger);
    into.log.push(...keys.log);
    return keys;
  }

  /**
   * The undo record of a merge made in this batch: the stored rows its merged-away contacts brought, and
   * the rows they made in this batch.
   */
  private mergeRecord(
    m: BatchMerge,
    moved: ReadonlyMap<string, OwnedKeys>,
    batch: {
      touched: ReadonlyMap<string, boolean>;
      processed: readonly ProcessedEvent[];
      ledger: readonly LedgerEntry[];
      log: readonly LogEntry[];
    },
  ): MergeRecord {
    const of = new Set(m.members);
    const stored = m.members.flatMap((id) => moved.get(id) ?? []);
    const mine = (row: { contactId?: string | undefined }) =>
      row.contactId !== undefined && of.has(row.contactId);
    return {
      workspaceId: m.primaryBefore.workspaceId,
      id: m.mergeId,
      primaryId: m.into,
      absorbedIds: [m.from],
      reason: 'intake',
      actor: 'system',
      at: m.at,
      primaryBefore: { ...m.primaryBefore, version: m.primaryBefore.version + m.earlier },
      absorbedBefore: [m.absorbedBefore],
      rows: [
        {
          contactId: m.from,
          identities: [...m.identities],
          logIds: [...new Set([...stored.flatMap((k) => k.log), ...batch.log.filter(mine).map((e) => e.id)])],
          rows: {
            // A stored contact's record lists every table it could have rows in, empty or not.
            ...(stored.length > 0
              ? Object.fromEntries(OWNED_TABLE_NAMES.map((name) => [name, [] as string[]]))
              : {}),
            orders: [],
            conversations: unique([
              ...stored.flatMap((k) => k.conversations),
              ...[...batch.touched]
                .filter(([id, isStored]) => !isStored && mine(this.conversations.get(id)!))
                .map(([id]) => id),
            ]),
            processedEvents: unique([
              ...stored.flatMap((k) => k.processedEvents),
              ...batch.processed.filter(mine).map((p) => p.eventId),
            ]),
            scoreLedger: unique([
              ...stored.flatMap((k) => k.scoreLedger),
              ...batch.ledger.filter(mine).map((e) => e.id),
            ]),
          },
        },
      ],
      provenance: { ...m.provenance },
    };
  }
}
