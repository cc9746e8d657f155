/**
 * The conformance suite every storage adapter must pass, for vitest, jest or node:test.
 *
 * @packageDocumentation
 * @module contactkit/testing
 */
export type { DescribeFn, HookFn, TableCounts, TestFn } from './context.js';
export { FIXTURE_TIME, makeActivity, makeContact, makeDomainEvent, makeIdentity } from './fixtures.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceGroup,
  type ConformanceOptions,
  runConformanceSuite,
} from './suite.js';
