import { isDeepStrictEqual } from 'node:util';
import { MergeNotUndoableError } from '../errors/errors.js';
import type { Contact, ContactStats, FieldOrigin, ProfileField } from '../model/contact.js';
import type { CustomFields } from '../model/custom-field.js';
import { type Identity, identityKeyString } from '../model/identity.js';
import type { AbsorbedRows, MergeRecord } from '../model/merge-record.js';

/** What {@link planUnmerge} decides from: the merge record and the state of the store now. */
export interface UnmergeInput {
  readonly record: MergeRecord;
  /** The primary as stored now; null when it no longer exists. */
  readonly primary: Contact | null;
  /** The identities the primary holds now. */
  readonly primaryIdentities: readonly Identity[];
  /** Every merge record the primary took part in (this one may be among them). */
  readonly related: readonly MergeRecord[];
  /** The stored identities with the keys of the absorbed contacts' identities, whoever holds them now. */
  readonly holders: readonly Identity[];
  /** Ids of the absorbed contacts that exist as contacts now (there should be none). */
  readonly existing: readonly string[];
  /** The time the unmerge is recorded at. */
  readonly now: Date;
}

/** One merged-away contact as the unmerge gives it back, with the rows that go back to it. */
export interface RestoredContact {
  /** The contact as it was before the merge, stored anew (version 1). */
  readonly contact: Contact;
  /** The rows it brought to the merge, moved back by id. */
  readonly rows: AbsorbedRows;
}

/** An unmerge worked out before anything is stored. */
export interface UnmergePlan {
  readonly mergeId: string;
  /** The primary after the unmerge: its own values back, with what happened since the merge kept. */
  readonly primary: Contact;
  readonly restored: readonly RestoredContact[];
  /** Fields of the primary put back to their value from before the merge (`profile.company`, `tags`…). */
  readonly reverted: readonly string[];
}

const isDeleted = (c: Contact) => (c as { deletedAt?: unknown }).deletedAt !== undefined;

/** The primary's own snapshot in a merge record, if it took part in it. */
function snapshotOf(record: MergeRecord, contactId: string): Contact | undefined {
  if (record.primaryId === contactId) return record.primaryBefore;
  return record.absorbedBefore.find((c) => c.id === contactId);
}

/**
 * Whether `other` happened after `record` to the same primary. By time first; at the same instant (one
 * intake batch, a coarse or fixed clock) by the version of the primary each saw, since every stored
 * update bumps it; then by id. Time comes first because a contact an unmerge restores starts again at
 * version 1.
 */
function isLaterMerge(record: MergeRecord, other: MergeRecord): boolean {
  if (other.id === record.id || other.undoneAt !== undefined) return false;
  const seen = snapshotOf(other, record.primaryId);
  if (!seen) return false;
  const t = other.at.getTime() - record.at.getTime();
  if (t !== 0) return t > 0;
  const before = record.primaryBefore.version;
  if (seen.version !== before) return seen.version > before;
  return other.id > record.id;
}

/**
 * The reason a merge cannot be undone now, with what stands in the way; null when it can. Pure.
 *
 * @example
 * ```ts
 * whyNotUndoable({ record, primary, primaryIdentities, related, holders, existing: [], now })
 * // → { reason: 'later-merge', detail: 'merge "m2" into the same contact is not undone' }
 * ```
 */
export function whyNotUndoable(
  input: UnmergeInput,
): { readonly reason: MergeNotUndoableError['reason']; readonly detail: string } | null {
  const { record, primary } = input;
  if (record.undoneAt !== undefined) {
    return { reason: 'already-undone', detail: `undone at ${record.undoneAt.toISOString()}` };
  }
  if (!primary || isDeleted(primary)) {
    const absorbedBy = input.related.find(
      (r) => r.id !== record.id && r.undoneAt === undefined && r.absorbedIds.includes(record.primaryId),
    );
    return absorbedBy
      ? {
          reason: 'primary-merged-away',
          detail: `contact "${record.primaryId}" was merged into "${absorbedBy.primaryId}" by merge "${absorbedBy.id}"`,
        }
      : { reason: 'primary-erased', detail: `contact "${record.primaryId}" no longer exists` };
  }
  const later = input.related.find((r) => isLaterMerge(record, r));
  if (later) {
    return {
      reason: 'later-merge',
      detail: `merge "${later.id}" into the same contact came later and is not undone; undo it first`,
    };
  }
  const back = input.existing[0];
  if (back !== undefined) return { reason: 'contact-exists', detail: `contact "${back}" exists` };
  const holders = new Map(input.holders.map((i) => [identityKeyString(i), i.contactId]));
  for (const rows of record.rows) {
    for (const identity of rows.identities) {
      const key = identityKeyString(identity);
      const holder = holders.get(key);
      if (holder === undefined) {
        return { reason: 'identity-removed', detail: `identity ${key} of "${rows.contactId}" was deleted` };
      }
      if (holder !== record.primaryId) {
        return {
          reason: 'identity-taken',
          detail: `identity ${key} of "${rows.contactId}" now belongs to contact "${holder}"`,
        };
      }
    }
  }
  return null;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const time = (d: Date | undefined) => d?.getTime();

/**
 * Engagement the primary keeps: what it has now minus what the merged-away contacts brought, so that
 * every message, conversation and order that arrived after the merge stays counted on it. A first or
 * last seen date (or last order) that came from a merged-away contact goes back to the primary's own;
 * one that a later event moved stays.
 */
function statsWithout(
  current: ContactStats,
  before: ContactStats,
  absorbed: readonly Contact[],
): ContactStats {
  const minus = (pick: (s: ContactStats) => number) =>
    Math.max(0, pick(current) - absorbed.reduce((n, c) => n + pick(c.stats), 0));
  const cameFrom = (value: Date | undefined, pick: (s: ContactStats) => Date | undefined) =>
    value !== undefined && absorbed.some((c) => time(pick(c.stats)) === value.getTime());
  /** A date the merge moved (later, or earlier, than the primary's own) goes back to the primary's own. */
  const back = (pick: (s: ContactStats) => Date | undefined, moved: (now: Date, own: Date) => boolean) => {
    const now = pick(current);
    const own = pick(before);
    if (now === undefined) return undefined;
    const fromMerge = (own === undefined || moved(now, own)) && cameFrom(now, pick);
    return fromMerge ? own : now;
  };
  const firstSeenAt =
    back(
      (s) => s.firstSeenAt,
      (now, own) => now < own,
    ) ?? current.firstSeenAt;
  const lastSeenAt =
    back(
      (s) => s.lastSeenAt,
      (now, own) => now > own,
    ) ?? current.lastSeenAt;
  const dates = {
    lastInboundAt: back(
      (s) => s.lastInboundAt,
      (now, own) => now > own,
    ),
    firstOrderAt: back(
      (s) => s.firstOrderAt,
      (now, own) => now < own,
    ),
    lastOrderAt: back(
      (s) => s.lastOrderAt,
      (now, own) => now > own,
    ),
    lastBookingAt: back(
      (s) => s.lastBookingAt,
      (now, own) => now > own,
    ),
  };
  // Spend per currency: what the merged-away contacts brought comes off, currency by currency.
  const spend = (current.spend ?? [])
    .map((t) => {
      const theirs = absorbed.flatMap((c) => c.stats.spend ?? []).filter((x) => x.currency === t.currency);
      const off = (pick: (x: typeof t) => number) => theirs.reduce((n, x) => n + pick(x), 0);
      return {
        currency: t.currency,
        orders: Math.max(0, t.orders - off((x) => x.orders)),
        amount: cents(Math.max(0, t.amount - off((x) => x.amount))),
        ordersViaAssistant: Math.max(0, t.ordersViaAssistant - off((x) => x.ordersViaAssistant)),
        amountViaAssistant: cents(Math.max(0, t.amountViaAssistant - off((x) => x.amountViaAssistant))),
      };
    })
    .filter((t) => t.orders > 0);
  const bookings = minus((s) => s.bookings ?? 0);
  return {
    conversations: minus((s) => s.conversations),
    messages: minus((s) => s.messages),
    firstSeenAt,
    lastSeenAt,
    orders: minus((s) => s.orders),
    amountSpent: cents(minus((s) => s.amountSpent)),
    ...(spend.length > 0 ? { spend } : {}),
    ...(bookings > 0 ? { bookings } : {}),
    ...Object.fromEntries(Object.entries(dates).filter(([, d]) => d !== undefined)),
  };
}

/**
 * Values the merge took from a merged-away contact go back to the primary's own, unless they changed
 * since (a later edit or event wins: later activity stays on the primary).
 */
function revertFields<V>(
  current: Readonly<Record<string, V>>,
  before: Readonly<Record<string, V>>,
  prefix: string,
  record: MergeRecord,
  reverted: string[],
): Record<string, V> {
  const out: Record<string, V> = { ...current };
  for (const key of Object.keys(current)) {
    const from = record.provenance[`${prefix}.${key}`];
    if (from === undefined || from === record.primaryId) continue;
    const source = record.absorbedBefore.find((c) => c.id === from);
    const given = (prefix === 'profile' ? source?.profile : source?.customFields) as
      | Readonly<Record<string, V>>
      | undefined;
    if (!given || !isDeepStrictEqual(current[key], given[key])) continue;
    if (before[key] === undefined) delete out[key];
    else out[key] = before[key] as V;
    reverted.push(`${prefix}.${key}`);
  }
  return out;
}

/**
 * Plans the undo of a merge: the merged-away contacts come back as they were, with their identities and
 * the rows they brought; the primary gets its own values back, while everything that happened to it
 * after the merge (events, edits, stats) stays on it. Pure: nothing is stored, inputs are not mutated.
 *
 * @throws {@link contactkit!MergeNotUndoableError} when later activity makes the undo impossible (see
 * {@link whyNotUndoable}).
 *
 * @example
 * ```ts
 * const plan = planUnmerge({ record, primary, primaryIdentities, related, holders, existing: [], now });
 * plan.restored[0].contact.id; // the merged-away contact, back
 * plan.primary.stats.messages; // the primary's messages, with those after the merge
 * ```
 */
export function planUnmerge(input: UnmergeInput): UnmergePlan {
  const { record, now } = input;
  const blocked = whyNotUndoable(input);
  if (blocked) throw new MergeNotUndoableError(record.id, blocked.reason, blocked.detail);
  const current = input.primary as Contact;
  const before = record.primaryBefore;
  const absorbed = record.absorbedBefore;
  const reverted: string[] = [];

  const profile = revertFields(current.profile, before.profile, 'profile', record, reverted);
  const fieldOrigins: Partial<Record<ProfileField, FieldOrigin>> = { ...current.fieldOrigins };
  for (const field of reverted) {
    if (!field.startsWith('profile.')) continue;
    const key = field.slice('profile.'.length) as ProfileField;
    const origin = before.fieldOrigins[key];
    if (origin === undefined) delete fieldOrigins[key];
    else fieldOrigins[key] = origin;
  }
  const customFields = revertFields(
    current.customFields,
    before.customFields,
    'customFields',
    record,
    reverted,
  ) as CustomFields;

  // Tags and channels only the merged-away contacts had go with them.
  const onlyAbsorbed = (pick: (c: Contact) => readonly string[]) => {
    const own = new Set(pick(before));
    return new Set(absorbed.flatMap(pick).filter((v) => !own.has(v)));
  };
  const theirTags = onlyAbsorbed((c) => c.tags);
  const tags = current.tags.filter((t) => !theirTags.has(t));
  if (tags.length !== current.tags.length) reverted.push('tags');
  const theirChannels = onlyAbsorbed((c) => c.channels);
  const channels = current.channels.filter((c) => !theirChannels.has(c));
  if (channels.length !== current.channels.length) reverted.push('channels');

  // A customer only through a merged-away contact is a lead again, unless it has been identified since.
  const mergeMadeCustomer = before.kind === 'lead' && absorbed.some((c) => c.kind === 'customer');
  const ownUserId = input.primaryIdentities.some(
    (i) =>
      i.type === 'userId' &&
      !record.rows.some((r) => r.identities.some((x) => identityKeyString(x) === identityKeyString(i))),
  );
  const kind = mergeMadeCustomer && !ownUserId ? before.kind : current.kind;
  if (kind !== current.kind) reverted.push('kind');

  const primary: Contact = {
    ...current,
    kind,
    profile,
    fieldOrigins,
    tags,
    customFields,
    channels,
    source: before.source,
    stats: statsWithout(current.stats, before.stats, absorbed),
    createdAt: before.createdAt,
    updatedAt: now,
    version: current.version + 1,
  };
  const restored = absorbed.map((contact) => {
    const rows = record.rows.find((r) => r.contactId === contact.id);
    return {
      contact: { ...contact, updatedAt: now, version: 1 },
      rows: rows ?? emptyRows(contact.id),
    };
  });
  return { mergeId: record.id, primary, restored, reverted };
}

/**
 * The rows of a contact that brought nothing to a merge.
 *
 * @example
 * ```ts
 * emptyRows('c_2').logIds; // []
 * ```
 */
export function emptyRows(contactId: string): AbsorbedRows {
  return { contactId, identities: [], logIds: [], rows: {} };
}
