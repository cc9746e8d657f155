export {
  CONTACT_CHANGE_KINDS,
  type ContactChange,
  type ContactChangeKind,
  ContactChangeSchema,
  contactChanges,
} from './contact-changes.js';
