import type { ConsentStatus } from '../model/consent.js';
import type { Contact } from '../model/contact.js';
import type { CustomFieldValue } from '../model/custom-field.js';

/*
 * The derived values every store filters, searches and sorts contacts by, computed once from the
 * record: the memory evaluator reads them, and SQL adapters store them in columns of their own (see
 * CONTACTS in src/ports/schema/tables.ts). One function per value, so both sides agree by construction.
 */

/** Case- and accent-insensitive form: "José" and "jose" match. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Joins the searched fields: a newline, which a folded single-line field never holds. */
const FIELD_SEPARATOR = '\n';

/** The name a list shows and sorts by: the full name, else first and last name. */
export function displayNameOf(contact: Contact): string | undefined {
  const p = contact.profile;
  if (p.name !== undefined && p.name.trim() !== '') return p.name;
  const parts = [p.firstName, p.lastName].filter((s): s is string => s !== undefined && s.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The folded name lists sort by, or null when the contact has none. */
export function sortNameOf(contact: Contact): string | null {
  const name = displayNameOf(contact);
  if (name === undefined) return null;
  const folded = fold(name);
  return folded === '' ? null : folded;
}

/**
 * What free text is searched in: name, first and last name, email, phone, company, location and
 * address, folded and joined. Substring search of a folded query in this text is the meaning of the
 * `text` predicate on every store.
 */
export function searchTextOf(contact: Contact): string {
  const p = contact.profile;
  const a = p.address;
  const fields = [
    p.name,
    p.firstName,
    p.lastName,
    p.email,
    p.phone,
    p.company,
    p.location,
    a?.line1,
    a?.line2,
    a?.city,
    a?.region,
    a?.postcode,
    a?.country,
  ];
  return fields
    .filter((v): v is string => v !== undefined && v !== '')
    .map((v) => fold(v).replace(/\s+/gu, ' '))
    .join(FIELD_SEPARATOR);
}

/** The digits of the contact's phone, so "555 2671" finds "+1 (415) 555-2671". */
export function searchDigitsOf(contact: Contact): string {
  return (contact.profile.phone ?? '').replace(/\D/g, '');
}

/** Whether a search query is a phone number as people type them: digits and separators, 4+ digits. */
export function phoneDigitsOfQuery(query: string): string | undefined {
  const digits = query.replace(/\D/g, '');
  return digits.length >= 4 && /^[\d\s()+.-]+$/.test(query) ? digits : undefined;
}

/** The folded query the `text` predicate looks for (white space runs as one space, as stored). */
export function foldQuery(query: string): string {
  return fold(query).replace(/\s+/gu, ' ');
}

/** Folded tags, as sets compare them. */
export function tagKeysOf(contact: Contact): string[] {
  return [...new Set(contact.tags.map(fold))];
}

/** Folded channels. */
export function channelKeysOf(contact: Contact): string[] {
  return [...new Set(contact.channels.map(fold))];
}

/**
 * The consent in force as set members, `<status>:<purpose>` (`granted:email_marketing`), so that a
 * `consent` predicate is one membership test. The purpose is not folded: purposes compare exactly.
 */
export function consentKeysOf(contact: Contact): string[] {
  return (contact.consent ?? []).map((c) => consentKey(c.status, c.purpose));
}

/** The member of {@link consentKeysOf} that says `purpose` is `status`. */
export function consentKey(status: ConsentStatus, purpose: string): string {
  return `${status}:${purpose}`;
}

/** The folded branch or location, or null. */
export function locationKeyOf(contact: Contact): string | null {
  const location = contact.profile.location;
  return location === undefined || fold(location) === '' ? null : fold(location);
}

/** Orders placed through the assistant, over every currency. */
export function ordersViaAssistantOf(contact: Contact): number {
  let n = 0;
  for (const t of contact.stats.spend ?? []) n += t.ordersViaAssistant;
  return n;
}

/** Whether the profile has a non-empty email or phone. */
export function hasProfileValue(contact: Contact, field: 'email' | 'phone'): boolean {
  const v = contact.profile[field];
  return v !== undefined && v !== '';
}

/** Whether the contact converted: ordered or booked. */
export function convertedOf(contact: Contact): boolean {
  return contact.stats.orders > 0 || (contact.stats.bookings ?? 0) > 0;
}

/**
 * One custom field value in the typed form predicates compare: folded text (`s`), a number (`n`), a
 * boolean (`b`), a date as epoch ms (`d`), or a list (`l`, folded items; `j`, the sorted items joined,
 * for equality of whole lists).
 */
export interface CustomKey {
  readonly s?: string;
  readonly n?: number;
  readonly b?: boolean;
  readonly d?: number;
  readonly l?: readonly string[];
  readonly j?: string;
}

/** Separates the items of a list in its `j` form. */
export const LIST_SEPARATOR = '\u0001';

/** A custom field value in its `CustomKey` form, or undefined for no value. */
export function customKeyOf(value: CustomFieldValue | undefined): CustomKey | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { s: fold(value) };
  if (typeof value === 'number') return { n: value };
  if (typeof value === 'boolean') return { b: value };
  if (value instanceof Date) return { d: value.getTime() };
  const l = value.map(fold);
  return { l, j: [...l].sort().join(LIST_SEPARATOR) };
}

/** Every custom field of a contact in its `CustomKey` form (own keys only). */
export function customKeysOf(contact: Contact): Record<string, CustomKey> {
  const out: Record<string, CustomKey> = {};
  for (const key of Object.keys(contact.customFields)) {
    const k = customKeyOf(contact.customFields[key]);
    if (k !== undefined) Object.defineProperty(out, key, { value: k, enumerable: true, writable: true });
  }
  return out;
}

/**
 * Compares text by Unicode code point, the order of UTF-8 bytes that SQLite's BINARY and Postgres's
 * "C" collations sort by (JavaScript's `<` compares UTF-16 code units, which differs above U+E000).
 */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  // Surrogates (astral code points) rank above U+E000–U+FFFF; the rest keep their order.
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
