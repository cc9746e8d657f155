export {
  checkCustomFields,
  coerceCustomField,
  type FieldDefinitions,
  liveDefinitions,
} from './custom-fields.js';
export {
  type ContactEdit,
  type ContactEditInput,
  type ContactPatch,
  type ContactPatchInput,
  ContactPatchSchema,
  type EditedIdentity,
  editIdentities,
  planContactEdit,
} from './edit.js';
export { type EngagementInput, recordEngagement, type SpendRules } from './engagement.js';
export { type NewContactInput, newContact, sourceForChannel } from './new-contact.js';
export {
  applyProfileUpdate,
  cleanProfile,
  mayOverwrite,
  type ProfileState,
  type ProfileUpdateResult,
} from './profile-policy.js';
