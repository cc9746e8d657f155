import type { Activity } from '../model/activity.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { LogEntry } from '../model/log-entry.js';
import type { Page, PageOptions } from './page.js';
import type { ContactRowKey, RowMove } from './table.js';

/** Where to read published events from. */
export interface EventsQuery {
  /** Return events after this position (exclusive); default from the start. */
  readonly after?: number;
  /** Most events to return (capped at 1000; default 100). */
  readonly limit?: number;
}

/**
 * A workspace's append-only activity log: timeline entries and published domain events, one row each
 * (see {@link LogEntry}).
 */
export interface ActivityLog {
  /**
   * Appends entries, in order, each given the next position of the workspace's log. Positions grow in
   * commit order: a reader that has seen position `p` never later finds a new entry below `p`.
   */
  append(entries: readonly LogEntry[]): Promise<void>;
  /** A contact's timeline: its entries that have an activity, newest first (by `at`, then position). */
  timeline(contactId: string, page?: PageOptions): Promise<Page<Activity>>;
  /** Every entry about a contact, oldest first (subject export, audits). */
  entriesOf(contactId: string): Promise<LogEntry[]>;
  /** Published events in position order, after a position. */
  events(query?: EventsQuery): Promise<DomainEvent[]>;
  /**
   * The published events among the entries with these ids, in position order; ids of entries that
   * hold no event, or no longer exist (an erasure removed them), are skipped.
   */
  eventsByIds(ids: readonly string[]): Promise<DomainEvent[]>;
  /** The highest position given so far (0 before the first entry). */
  lastPosition(): Promise<number>;
  /** The ids of these contacts' entries, with their owner. */
  keysByContacts(contactIds: readonly string[]): Promise<ContactRowKey[]>;
  /** Moves entries between contacts (merge, unmerge) or unlinks them; returns how many moved. */
  move(moves: readonly RowMove[]): Promise<number>;
  /** Deletes every entry of these contacts (erasure); returns how many. */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
