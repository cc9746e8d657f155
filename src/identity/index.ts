export { globMatches, isBlocked } from './blocked.js';
export {
  type ExtractClaimsOptions,
  type ExtractedClaims,
  extractClaims,
  type IdentityClaim,
  type IgnoredIdentity,
  type NormalizedValue,
  rankOf,
} from './claims.js';
export { limitClash, limitOf, mergeBlocker, STRONG_IDENTITY_TYPES, type TypedValue } from './limits.js';
export {
  decideResolution,
  type IdentityConflict,
  type ResolutionDecision,
  type ResolutionInput,
  type SurvivorFacts,
  survivorOf,
} from './resolve.js';
