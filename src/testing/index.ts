export type { DescribeFn, HookFn, TableCounts, TestFn } from './context.js';
export { FIXTURE_TIME, makeActivity, makeContact, makeDomainEvent, makeIdentity } from './fixtures.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceGroup,
  type ConformanceOptions,
  runConformanceSuite,
} from './suite.js';
