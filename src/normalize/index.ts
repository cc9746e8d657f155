export { emailMatchKey, type NormalizedEmail, normalizeEmail } from './email.js';
export { type NormalizedName, nameKey, normalizeName, normalizeNameParts } from './name.js';
export { type NormalizedPhone, type NormalizePhoneOptions, normalizePhone } from './phone.js';
export { foldText, normalizeText, storableText, truncateText } from './text.js';
