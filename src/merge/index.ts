export { type MergePlan, type MergePolicy, planMerge, type Survivorship } from './plan-merge.js';
