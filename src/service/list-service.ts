import { z } from 'zod';
import { NotFoundError, StaleVersionError, ValidationError } from '../errors/errors.js';
import { ContactSchema } from '../model/contact.js';
import { parseInput } from '../model/parse.js';
import { IdSchema, TimestampInputSchema } from '../model/primitives.js';
import {
  CONTACT_SORT_FIELDS,
  type ContactField,
  type ContactFigures,
  type ContactSort,
  type ListedContact,
  type ListPosition,
  type ListTotal,
} from '../ports/contact-query.js';
import { pageSize } from '../ports/page.js';
import type { WorkspaceTransaction } from '../ports/store.js';
import {
  BUILTIN_SEGMENTS,
  type BuiltinSegment,
  BuiltinSegmentSchema,
  MAX_SEGMENT_IDS,
  parseSegmentFilter,
  type SegmentFilter,
  type SegmentFilterInput,
} from '../segments/filter.js';
import {
  dayOf,
  type ResolvedFilter,
  resolveSegment,
  type SavedSegmentContent,
  startOfDay,
} from '../segments/resolve.js';
import { type SavedSegment, SegmentNameSchema } from '../segments/saved.js';
import { checkWorkspaceId, ServiceContext, type ServiceOptions } from './runtime/context.js';

/** Which contacts a list, a count, analytics, an export or a bulk delete is about; every part narrows. */
export const ListSelectionSchema = z.object({
  /** A built-in list (`all`, `leads`, `customers`, `visitors`, `ordered`) or a saved segment's id. */
  segment: z.string().min(1).max(200).optional(),
  /** An inline filter (see docs/segments.md). */
  filter: z.unknown().optional(),
  /** Free text: a substring of name, email, phone (any format), company, location or address. */
  search: z.string().max(200).optional(),
});
export type ListSelection = {
  readonly segment?: string;
  readonly filter?: SegmentFilterInput;
  readonly search?: string;
};

const CONTACT_FIELDS = ContactSchema.keyof().options.filter((f): f is ContactField => f !== 'id');

/** A page request of {@link ListService.page}, checked at the edge. */
export const ListPageSchema = ListSelectionSchema.extend({
  sort: z
    .object({ field: z.enum(CONTACT_SORT_FIELDS), direction: z.enum(['asc', 'desc']).default('desc') })
    .strict()
    .default({ field: 'createdAt', direction: 'desc' }),
  /** 1 to 1000; default 50. */
  limit: z.number().int().min(1).max(1000).default(50),
  /** The `nextCursor` of the previous page (of the same selection and sort). */
  cursor: z.string().max(2000).optional(),
  /** `exact`, `estimate` (counts up to 1,000, then says "at least"), or `none`. Default `estimate`. */
  total: z.enum(['exact', 'estimate', 'none']).default('estimate'),
  /** The contact fields to return besides `id`; default all. */
  fields: z
    .array(z.enum(CONTACT_FIELDS as [ContactField, ...ContactField[]]))
    .max(50)
    .optional(),
}).strict();
export type ListPageInput = ListSelection & {
  readonly sort?: { readonly field: ContactSort['field']; readonly direction?: 'asc' | 'desc' };
  readonly limit?: number;
  readonly cursor?: string;
  readonly total?: 'exact' | 'estimate' | 'none';
  readonly fields?: readonly ContactField[];
};

/** One page of a contacts list. */
export interface ListPage {
  readonly items: ListedContact[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
  /** The total, when asked for: `exact: false` means "at least `count`". */
  readonly total?: ListTotal;
}

/** An analytics request of {@link ListService.analytics}. */
export const ListAnalyticsSchema = ListSelectionSchema.extend({
  /**
   * The first day counted for new contacts and conversations (the day it falls on, in the workspace
   * time zone). Default: 29 days before today.
   */
  from: TimestampInputSchema.optional(),
  /** The last day counted (inclusive). Default: today. At most 366 days after `from`. */
  until: TimestampInputSchema.optional(),
}).strict();
export type ListAnalyticsInput = ListSelection & {
  readonly from?: Date | string | number;
  readonly until?: Date | string | number;
};

/** The first-response time of {@link ListAnalytics}. */
export interface FirstResponseFigure {
  /** The mean first-response time in milliseconds, rounded; null when no conversation had a reply. */
  readonly averageMs: number | null;
  /** The conversations it is the mean of. */
  readonly conversations: number;
}

/** The sentiment of one day in {@link ListAnalytics.sentimentByDay}. */
export interface DaySentimentFigure {
  /** The calendar day, in the workspace time zone (`YYYY-MM-DD`), as in `newPerDay`. */
  readonly date: string;
  /** The mean score of the customer messages the host scored, -1 to 1. */
  readonly average: number;
  /** How many scored messages the mean is of. */
  readonly messages: number;
}

/** The figures above a contacts list, for a workspace or a segment. */
export interface ListAnalytics
  extends Omit<
    ContactFigures,
    | 'newPerDay'
    | 'sentimentSum'
    | 'sentimentCount'
    | 'firstResponseCount'
    | 'firstResponseTotalMs'
    | 'sentimentPerDay'
  > {
  /** Conversations per contact (0 with no contacts). */
  readonly averageConversations: number;
  /** Share of contacts who ordered or booked, 0 to 1. */
  readonly conversionRate: number;
  /** Share of contacts with two conversations or more, 0 to 1. */
  readonly repeatVisitorShare: number;
  /** The mean sentiment value of contacts with one, or null. */
  readonly averageSentiment: number | null;
  /** New contacts per calendar day of the workspace time zone (`YYYY-MM-DD`). */
  readonly newPerDay: ReadonlyArray<{ readonly date: string; readonly count: number }>;
  /**
   * The mean time from a customer's first message to the business's first reply (agent or AI), over
   * the selection's conversations that started within `from`–`until` and had one. Reply times are
   * known where the host reports them, by sending its outbound messages as events.
   */
  readonly firstResponse: FirstResponseFigure;
  /**
   * The mean sentiment of customer messages the host scored, per day the conversations started on
   * (workspace time zone), within `from`–`until`; days without scored messages are left out.
   */
  readonly sentimentByDay: readonly DaySentimentFigure[];
}

/** A segment as {@link ListService.segments} lists it: built-in lists first, then saved ones. */
export type SegmentSummary =
  | { readonly kind: 'builtin'; readonly id: BuiltinSegment; readonly filter: SegmentFilter }
  | ({ readonly kind: 'saved' } & SavedSegment);

/** Input of {@link ListService.createSegment}. */
export const SegmentInputSchema = z
  .object({
    name: SegmentNameSchema,
    filter: z.unknown().optional(),
    members: z.array(IdSchema).max(MAX_SEGMENT_IDS).default([]),
  })
  .strict();
export type SegmentInput = {
  readonly name: string;
  readonly filter?: SegmentFilterInput;
  readonly members?: readonly string[];
};

/** Input of {@link ListService.updateSegment}: what changes; `filter: null` removes the filter. */
export const SegmentUpdateSchema = z
  .object({
    name: SegmentNameSchema.optional(),
    filter: z.unknown().optional(),
    /** The version the caller saw; refused with `StaleVersionError` if it moved on. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type SegmentUpdate = {
  readonly name?: string;
  readonly filter?: SegmentFilterInput | null;
  readonly version?: number;
};

const MAX_DAYS = 366;

interface CursorBody {
  readonly s: string;
  readonly v: string | number | null;
  readonly i: string;
}

function encodeCursor(sort: ContactSort, at: ListPosition): string {
  const body: CursorBody = { s: `${sort.field}:${sort.direction}`, v: at.value, i: at.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: ContactSort): ListPosition {
  let body: Partial<CursorBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    body = undefined;
  }
  const ok =
    body !== undefined &&
    body !== null &&
    typeof body.i === 'string' &&
    (body.v === null ||
      typeof body.v === 'string' ||
      (typeof body.v === 'number' && Number.isFinite(body.v)));
  if (!ok)
    throw new ValidationError({ field: 'cursor', value: cursor, reason: 'not a cursor of a contacts list' });
  if (body!.s !== `${sort.field}:${sort.direction}`) {
    throw new ValidationError({
      field: 'cursor',
      value: cursor,
      reason: `made for sort ${body!.s}, not this one`,
    });
  }
  return { value: body!.v as string | number | null, id: body!.i as string };
}

const ISO_DAY = (d: { year: number; month: number; day: number }) =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * Contacts lists: a filtered, searched, sorted page with its total, counts and figures of a segment,
 * and saved segments (a filter, contacts added by hand, or both). Segments are compiled by the store
 * (SQL on SQLite, Postgres and MariaDB), never evaluated over the workspace in JavaScript.
 *
 * @example
 * ```ts
 * const page = await kit.lists.page('acme', { segment: 'leads', search: 'ana', sort: { field: 'lastSeenAt' } });
 * const next = await kit.lists.page('acme', { segment: 'leads', search: 'ana', sort: { field: 'lastSeenAt' }, cursor: page.nextCursor });
 * ```
 */
export class ListService {
  private readonly context: ServiceContext;

  constructor(options: ServiceOptions | ServiceContext) {
    this.context = ServiceContext.from(options);
  }

  /** The workspace's time zone (its follow-up settings' `timezone`). */
  private timeZoneOf(workspaceId: string): string {
    return this.context.configOf(workspaceId).followUps.timezone;
  }

  /**
   * The resolved filter of a selection at the clock's `now`, read inside `tx` (saved segments it
   * names are loaded): what the store's list, count and figures take. Export and bulk delete use it.
   *
   * @throws {@link contactkit!ValidationError} for a bad filter or search; {@link contactkit!NotFoundError} for an unknown segment.
   */
  async resolve(tx: WorkspaceTransaction, selection: ListSelection): Promise<ResolvedFilter> {
    const s = parseInput(ListSelectionSchema, selection, 'selection');
    const parts: SegmentFilter[] = [];
    if (s.segment !== undefined) {
      const builtin = BuiltinSegmentSchema.safeParse(s.segment);
      parts.push(builtin.success ? BUILTIN_SEGMENTS[builtin.data] : { type: 'segment', id: s.segment });
    }
    if (s.filter !== undefined) parts.push(parseSegmentFilter(s.filter, 'filter'));
    if (s.search !== undefined && s.search.trim() !== '') {
      parts.push(parseSegmentFilter({ type: 'text', query: s.search }, 'search'));
    }
    const filter: SegmentFilter = parts.length === 1 ? parts[0]! : { type: 'and', filters: parts };
    const saved = await this.savedFor(tx, filter);
    return resolveSegment(filter, {
      now: this.context.clock(),
      timeZone: this.timeZoneOf(tx.workspaceId),
      saved,
    });
  }

  /** The saved segments a filter names, and those they name in turn. */
  private async savedFor(tx: WorkspaceTransaction, filter: SegmentFilter) {
    const saved = new Map<string, SavedSegmentContent>();
    let wanted = segmentIds(filter);
    for (let round = 0; round < 8 && wanted.length > 0; round++) {
      const found = await tx.savedSegments.get(wanted);
      for (const id of wanted) {
        const s = found.find((x) => x.id === id);
        if (!s) throw new NotFoundError('segment', tx.workspaceId, id);
        saved.set(id, { ...(s.filter === undefined ? {} : { filter: s.filter }), members: s.members });
      }
      wanted = found.flatMap((s) => (s.filter ? segmentIds(s.filter) : [])).filter((id) => !saved.has(id));
    }
    return saved;
  }

  /**
   * One page of contacts: the selection (segment, inline filter, search), sorted (ties by id), after
   * the cursor, with the total asked for and the fields asked for. Deleted contacts are left out. The
   * cursor holds the last row's sort value and id, so contacts added meanwhile never shift a page.
   *
   * @throws {@link contactkit!ValidationError} for bad input or a cursor of another sort.
   */
  async page(workspaceId: string, input: ListPageInput = {}): Promise<ListPage> {
    checkWorkspaceId(workspaceId);
    const q = parseInput(ListPageSchema, input, 'list');
    const sort: ContactSort = q.sort;
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, sort);
    const result = await this.context.run(workspaceId, async (tx) =>
      tx.contacts.query({
        filter: await this.resolve(tx, q as ListSelection),
        sort,
        limit: pageSize(q.limit),
        total: q.total,
        ...(after ? { after } : {}),
        ...(q.fields ? { fields: q.fields } : {}),
      }),
    );
    return {
      items: result.items,
      ...(result.next ? { nextCursor: encodeCursor(sort, result.next) } : {}),
      ...(result.total ? { total: result.total } : {}),
    };
  }

  /** How many live contacts a selection has, exactly. */
  async count(workspaceId: string, selection: ListSelection = {}): Promise<number> {
    checkWorkspaceId(workspaceId);
    const page = await this.context.run(workspaceId, async (tx) =>
      tx.contacts.query({
        filter: await this.resolve(tx, selection),
        sort: { field: 'createdAt', direction: 'desc' },
        limit: 1,
        total: 'exact',
        fields: [],
      }),
    );
    return page.total?.count ?? 0;
  }

  /**
   * Ids of every live contact of a selection, a page at a time, each page its own transaction, newest
   * first: what export and bulk delete walk.
   */
  async *ids(
    workspaceId: string,
    selection: ListSelection,
    limit = 1000,
  ): AsyncGenerator<string[], void, undefined> {
    let after: ListPosition | undefined;
    const sort: ContactSort = { field: 'createdAt', direction: 'desc' };
    do {
      const page = await this.context.run(workspaceId, async (tx) =>
        tx.contacts.query({
          filter: await this.resolve(tx, selection),
          sort,
          limit,
          fields: [],
          ...(after ? { after } : {}),
        }),
      );
      if (page.items.length > 0) yield page.items.map((c) => c.id);
      after = page.next;
    } while (after !== undefined);
  }

  /**
   * The figures of a workspace or a selection: counts by status, stage, grade, temperature, sentiment,
   * source and channel; conversations per contact, conversion rate, share of repeat visitors, average
   * sentiment, orders (through the assistant apart) and amount spent; new contacts per day over
   * `from`–`until` in the workspace time zone; and, over the conversations of the selection that started
   * in those days, the average first-response time and the sentiment of customer messages per day.
   * Conversations stored before contactkit kept these figures (upgraded databases) are left out of them.
   *
   * @example
   * ```ts
   * const a = await kit.lists.analytics('acme', { segment: 'leads', from: '2026-06-01', until: '2026-06-30' });
   * a.firstResponse;  // { averageMs: 95000, conversations: 412 }
   * a.sentimentByDay; // [{ date: '2026-06-01', average: 0.31, messages: 57 }, …]
   * ```
   */
  async analytics(workspaceId: string, input: ListAnalyticsInput = {}): Promise<ListAnalytics> {
    checkWorkspaceId(workspaceId);
    const q = parseInput(ListAnalyticsSchema, input, 'analytics');
    const timeZone = this.timeZoneOf(workspaceId);
    const now = this.context.clock();
    const until = dayOf((q.until ?? now).getTime(), timeZone);
    const from = dayOf((q.from ?? new Date(now.getTime() - 29 * 86_400_000)).getTime(), timeZone);
    const days: Array<{ year: number; month: number; day: number }> = [];
    for (let d = from; ISO_DAY(d) <= ISO_DAY(until); d = nextDay(d)) {
      days.push(d);
      if (days.length > MAX_DAYS) {
        throw new ValidationError({
          field: 'analytics.until',
          value: input.until,
          reason: `at most ${MAX_DAYS} days after from`,
        });
      }
    }
    const dayBounds =
      days.length === 0 ? [] : [...days, nextDay(days.at(-1)!)].map((d) => startOfDay(d, timeZone));
    const f = await this.context.run(workspaceId, async (tx) =>
      tx.contacts.figures({ filter: await this.resolve(tx, q as ListSelection), dayBounds }),
    );
    const share = (n: number) => (f.contacts === 0 ? 0 : n / f.contacts);
    const {
      newPerDay,
      sentimentCount,
      sentimentSum,
      firstResponseCount,
      firstResponseTotalMs,
      sentimentPerDay,
      ...rest
    } = f;
    const sentimentByDay: DaySentimentFigure[] = [];
    days.forEach((d, i) => {
      const s = sentimentPerDay[i];
      if (s !== undefined && s.count > 0)
        sentimentByDay.push({ date: ISO_DAY(d), average: s.sum / s.count, messages: s.count });
    });
    return {
      ...rest,
      averageConversations: share(f.conversations),
      conversionRate: share(f.converted),
      repeatVisitorShare: share(f.repeatVisitors),
      averageSentiment: sentimentCount === 0 ? null : sentimentSum / sentimentCount,
      newPerDay: days.map((d, i) => ({ date: ISO_DAY(d), count: newPerDay[i] ?? 0 })),
      firstResponse: {
        averageMs: firstResponseCount === 0 ? null : Math.round(firstResponseTotalMs / firstResponseCount),
        conversations: firstResponseCount,
      },
      sentimentByDay,
    };
  }

  /** Every segment of a workspace: the built-in lists, then the saved ones by id. */
  async segments(workspaceId: string): Promise<SegmentSummary[]> {
    checkWorkspaceId(workspaceId);
    const saved: SavedSegment[] = [];
    await this.context.run(workspaceId, async (tx) => {
      saved.length = 0;
      let cursor: string | undefined;
      do {
        const page = await tx.savedSegments.find({ limit: 1000, ...(cursor ? { cursor } : {}) });
        saved.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    });
    return [
      ...(Object.keys(BUILTIN_SEGMENTS) as BuiltinSegment[]).map((id) => ({
        kind: 'builtin' as const,
        id,
        filter: BUILTIN_SEGMENTS[id],
      })),
      ...saved.map((s) => ({ kind: 'saved' as const, ...s })),
    ];
  }

  /** A saved segment. @throws {@link contactkit!NotFoundError} */
  async getSegment(workspaceId: string, id: string): Promise<SavedSegment> {
    checkWorkspaceId(workspaceId);
    return this.context.run(workspaceId, (tx) => this.stored(tx, id));
  }

  private async stored(tx: WorkspaceTransaction, id: string, lock = false): Promise<SavedSegment> {
    if (BuiltinSegmentSchema.safeParse(id).success) {
      throw new ValidationError({
        field: 'segment.id',
        value: id,
        reason: 'a built-in list cannot be changed or deleted',
      });
    }
    const [found] = await tx.savedSegments.get([parseInput(IdSchema, id, 'segment.id')], { lock });
    if (!found) throw new NotFoundError('segment', tx.workspaceId, id);
    return found;
  }

  /** A filter a saved segment may hold: valid, and naming only saved segments that exist. */
  private async savedFilter(tx: WorkspaceTransaction, input: unknown): Promise<SegmentFilter> {
    const filter = parseSegmentFilter(input, 'segment.filter');
    await this.savedFor(tx, filter);
    return filter;
  }

  /**
   * Saves a custom segment: a filter, contacts picked by hand, or both.
   *
   * @throws {@link contactkit!ValidationError} for a bad name or filter.
   */
  async createSegment(workspaceId: string, input: SegmentInput): Promise<SavedSegment> {
    checkWorkspaceId(workspaceId);
    const s = parseInput(SegmentInputSchema, input, 'segment');
    const id = this.context.ids();
    return this.context.run(workspaceId, async (tx) => {
      const now = this.context.clock();
      const made: SavedSegment = {
        workspaceId,
        id,
        name: s.name,
        ...(s.filter === undefined ? {} : { filter: await this.savedFilter(tx, s.filter) }),
        members: [...new Set(s.members)],
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await tx.savedSegments.insert([made]);
      return made;
    });
  }

  /**
   * Changes a saved segment's name or filter (`filter: null` removes it, leaving the hand-picked
   * members). Built-in lists cannot be changed.
   *
   * @throws {@link contactkit!NotFoundError}, {@link contactkit!ValidationError}, {@link StaleVersionError}.
   */
  async updateSegment(workspaceId: string, id: string, update: SegmentUpdate): Promise<SavedSegment> {
    checkWorkspaceId(workspaceId);
    const u = parseInput(SegmentUpdateSchema, update, 'segment');
    return this.change(workspaceId, id, u.version, async (tx, current) => {
      const { filter: _old, ...rest } = current;
      const filter =
        u.filter === undefined
          ? current.filter
          : u.filter === null
            ? undefined
            : await this.savedFilter(tx, u.filter);
      if (filter !== undefined && segmentIds(filter).includes(id)) {
        throw new ValidationError({
          field: 'segment.filter',
          value: id,
          reason: 'a saved segment may not contain itself',
        });
      }
      return {
        ...rest,
        ...(u.name === undefined ? {} : { name: u.name }),
        ...(filter === undefined ? {} : { filter }),
      };
    });
  }

  /** Renames a saved segment. */
  renameSegment(workspaceId: string, id: string, name: string): Promise<SavedSegment> {
    return this.updateSegment(workspaceId, id, { name });
  }

  /** Adds contacts to a saved segment by hand (ids already in it are kept once). */
  async addMembers(workspaceId: string, id: string, contactIds: readonly string[]): Promise<SavedSegment> {
    checkWorkspaceId(workspaceId);
    const ids = parseInput(z.array(IdSchema).max(MAX_SEGMENT_IDS), contactIds, 'contactIds');
    return this.change(workspaceId, id, undefined, async (_tx, current) => {
      const members = [...new Set([...current.members, ...ids])];
      if (members.length > MAX_SEGMENT_IDS) {
        throw new ValidationError({
          field: 'contactIds',
          value: members.length,
          reason: `a segment holds at most ${MAX_SEGMENT_IDS} contacts by hand`,
        });
      }
      return { ...current, members };
    });
  }

  /** Removes contacts added by hand from a saved segment (contacts its filter matches stay in it). */
  async removeMembers(workspaceId: string, id: string, contactIds: readonly string[]): Promise<SavedSegment> {
    checkWorkspaceId(workspaceId);
    const gone = new Set(parseInput(z.array(IdSchema).max(MAX_SEGMENT_IDS), contactIds, 'contactIds'));
    return this.change(workspaceId, id, undefined, async (_tx, current) => ({
      ...current,
      members: current.members.filter((m) => !gone.has(m)),
    }));
  }

  /** Deletes a saved segment (never a built-in list, nor a contact). */
  async deleteSegment(workspaceId: string, id: string): Promise<void> {
    checkWorkspaceId(workspaceId);
    await this.context.run(workspaceId, async (tx) => {
      await this.stored(tx, id, true);
      await tx.savedSegments.delete([id]);
    });
  }

  private change(
    workspaceId: string,
    id: string,
    version: number | undefined,
    fn: (tx: WorkspaceTransaction, current: SavedSegment) => Promise<SavedSegment>,
  ): Promise<SavedSegment> {
    return this.context.run(workspaceId, async (tx) => {
      const current = await this.stored(tx, id, true);
      if (version !== undefined && version !== current.version) {
        throw new StaleVersionError('segment', id, version, current.version);
      }
      const next: SavedSegment = {
        ...(await fn(tx, current)),
        updatedAt: this.context.clock(),
        version: current.version + 1,
      };
      await tx.savedSegments.put([next]);
      return next;
    });
  }
}

function nextDay(d: { year: number; month: number; day: number }) {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The saved segment ids a filter names. */
function segmentIds(filter: SegmentFilter): string[] {
  switch (filter.type) {
    case 'segment':
      return [filter.id];
    case 'and':
    case 'or':
      return filter.filters.flatMap(segmentIds);
    case 'not':
      return segmentIds(filter.filter);
    default:
      return [];
  }
}
