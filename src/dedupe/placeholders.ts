import { nameKey } from '../normalize/name.js';

// Words that fill a name box when no one typed a name: chat widgets' "Visitor 22989", CRMs' "Unknown",
// forms' "N/A". A name made only of these (and numbers) is no name.
const PLACEHOLDER_WORDS = new Set([
  'visitor',
  'guest',
  'user',
  'customer',
  'client',
  'lead',
  'contact',
  'prospect',
  'subscriber',
  'member',
  'person',
  'caller',
  'anonymous',
  'anon',
  'unknown',
  'unnamed',
  'noname',
  'website',
  'web',
  'site',
  'chat',
  'online',
  'new',
  'no',
  'name',
  'none',
  'null',
  'nil',
  'undefined',
  'na',
  'xx',
  'xxx',
  'test',
  'tester',
  'testing',
  'demo',
  'sample',
  'someone',
  'somebody',
  'nobody',
  'me',
  'friend',
  'hi',
  'hello',
  'hey',
  'sir',
  'madam',
  'whatsapp',
  'telegram',
  'messenger',
  'facebook',
  'instagram',
]);

/**
 * Whether a name box holds no name: a placeholder such as "Visitor 22989", "Guest", "Unknown",
 * "Customer", "N/A", or an email address or a phone number typed where the name goes. Such a value is
 * treated as missing: two visitors called "Visitor" are not alike.
 *
 * @example
 * ```ts
 * isPlaceholderName('Visitor 22989'); // true
 * isPlaceholderName('ana@x.com'); // true
 * isPlaceholderName('Mark Lim'); // false
 * ```
 */
export function isPlaceholderName(raw: string): boolean {
  if (raw.includes('@')) return true;
  const key = nameKey(raw);
  if (key.length === 0 || key === 'n a') return true;
  let letters = 0;
  for (const word of key.split(' ')) {
    const stem = word.replace(/\d+/g, '');
    if (stem.length > 0 && !PLACEHOLDER_WORDS.has(stem)) letters += stem.length;
  }
  return letters === 0;
}

const HANDLE = /^@?([\p{L}]+(?:[._-][\p{L}]+)+)\d*$/u;

/**
 * The name a handle spells, when it spells one: `@mark_lim` → "mark lim", `lim.mark92` → "lim mark";
 * null for handles that do not split into words (`@marklim`, `88120311`).
 *
 * @example
 * ```ts
 * handleAsName('@mark_lim'); // 'mark lim'
 * handleAsName('marklim'); // null
 * ```
 */
export function handleAsName(raw: string): string | null {
  const match = HANDLE.exec(raw.trim());
  return match ? match[1]!.replace(/[._-]+/g, ' ') : null;
}

/**
 * Whether a value looks like a handle rather than a typed name: one word with `@` in front or `_`/`.`
 * inside.
 *
 * @example
 * ```ts
 * looksLikeHandle('@mark_lim'); // true
 * looksLikeHandle('Mark Lim'); // false
 * ```
 */
export function looksLikeHandle(raw: string): boolean {
  const v = raw.trim();
  return !/\s/.test(v) && (v.startsWith('@') || /[\p{L}\d][._][\p{L}\d]/u.test(v));
}
