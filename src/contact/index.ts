export { type EngagementInput, recordEngagement } from './engagement.js';
export { type NewContactInput, newContact, sourceForChannel } from './new-contact.js';
export {
  applyProfileUpdate,
  cleanProfile,
  mayOverwrite,
  type ProfileState,
  type ProfileUpdateResult,
} from './profile-policy.js';
