export { CONTACT_STATUSES, type ContactStatus, ContactStatusSchema, classifyStatus } from './status.js';
