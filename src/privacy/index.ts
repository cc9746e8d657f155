export {
  type ConsentInput,
  ConsentInputSchema,
  type ConsentState,
  consentInForce,
  consentState,
  hasConsent,
} from './consent-state.js';
export { type ErasurePlan, erasedEntry, type KeepOrDelete, planErasure } from './erasure-plan.js';
export {
  planRetention,
  type RetentionAction,
  type RetentionPlan,
  type RetentionPolicy,
  retentionDue,
} from './retention.js';
export {
  buildSubjectExport,
  SCORE_FIELDS,
  type SubjectExport,
  SubjectExportSchema,
  type SubjectRows,
  scoresOf,
  subjectExportToJson,
} from './subject-export.js';
