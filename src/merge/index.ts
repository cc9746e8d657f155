export { type LimitBreach, mergeLimitBreach } from './merge-limits.js';
export { type MergePlan, type MergePolicy, planMerge, type Survivorship } from './plan-merge.js';
export {
  emptyRows,
  planUnmerge,
  type RestoredContact,
  type UnmergeInput,
  type UnmergePlan,
  whyNotUndoable,
} from './plan-unmerge.js';
