/**
 * The conformance suite every storage adapter must pass, for vitest, jest or node:test.
 *
 * @packageDocumentation
 * @module contactkit/testing
 */
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
export { generateContacts, generateFilter, generateSort, LIST_NOW, LIST_TIME_ZONE } from './list-cases.js';
export { eventsAbout } from './read.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceGroup,
  type ConformanceOptions,
  runConformanceSuite,
} from './suite.js';
