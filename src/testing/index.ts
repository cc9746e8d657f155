/**
 * The conformance suite every storage adapter must pass, and the concurrency and crash suite for
 * adapters that serve several clients, for vitest, jest or node:test.
 *
 * @packageDocumentation
 * @module contactkit/testing
 */
export { type IntakeChildOptions, runIntakeChild } from './concurrency/child.js';
export type { ShareReport } from './concurrency/ingest.js';
export type { OpenedStore, OpenPlace } from './concurrency/place.js';
export type { ChildCommand } from './concurrency/processes.js';
export {
  type ConcurrencyOptions,
  type ConcurrencySizes,
  runConcurrencySuite,
  type SlowTestFn,
} from './concurrency/suite.js';
export type { DescribeFn, HookFn, TableCounts, TableDump, TestFn } from './context.js';
export {
  FIXTURE_TIME,
  fixtureTime,
  makeContact,
  makeIdentity,
  makeLogEntry,
  OWNED_ROWS,
  type OwnedRowOf,
} from './fixtures.js';
export { expectSameListing, resolvedFilter } from './groups/lists.js';
export {
  generateContacts,
  generateConversations,
  generateFilter,
  generateSort,
  LIST_NOW,
  LIST_TIME_ZONE,
} from './list-cases.js';
export { eventsAbout } from './read.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceGroup,
  type ConformanceOptions,
  runConformanceSuite,
} from './suite.js';
