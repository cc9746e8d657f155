export { type ReviewFlag, reviewFlags } from './flags.js';
export {
  planReviewSweep,
  type ReviewItemRef,
  type ReviewSweepInput,
  type ReviewSweepPlan,
} from './plan-sweep.js';
export {
  type CustomReviewRule,
  CustomReviewRuleSchema,
  DEFAULT_REVIEW_RULES,
  parseReviewRules,
  type ReviewRules,
  type ReviewRulesInput,
  ReviewRulesSchema,
} from './rules.js';
export {
  assignReview,
  canMoveReview,
  dismissReview,
  openReviewItem,
  REVIEW_MOVES,
  type ReviewAction,
  type ReviewChange,
  resolveReview,
  takeOverReview,
} from './transitions.js';
