/**
 * Removes the `'` spreadsheets and Shopify put before numbers to keep them text, and that contactkit's
 * export puts before cells starting with `+`, `-`, `=`, `@` (formula neutralisation), when what follows
 * looks like a phone number, a postcode or an id. Other text keeps its apostrophe (`'t Hooft`).
 *
 * @example
 * ```ts
 * stripTextMarker("'+14155552671") // "+14155552671"
 * stripTextMarker("'02134")        // "02134"
 * ```
 */
export function stripTextMarker(cell: string): string {
  const trimmed = cell.trim();
  return /^'+[+\-(]?[\d\s().\-/]+[A-Za-z0-9 -]*$/.test(trimmed) ? trimmed.replace(/^'+/, '') : trimmed;
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'ja', 'oui', 'si', 'sí', 'sim', 'x', 'subscribed']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'nein', 'non', 'nao', 'não', 'unsubscribed']);

/**
 * Reads yes/no cells in the forms exports use. Undefined for an empty or unknown value.
 *
 * @example
 * ```ts
 * parseBoolean('yes') // true
 * ```
 */
export function parseBoolean(cell: string): boolean | undefined {
  const v = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return undefined;
}

/**
 * Reads an amount or count as exports write it: currency signs, spaces and thousands separators
 * removed; a lone `,` followed by one or two digits is a decimal comma (`"1.234,50 €"` → 1234.5).
 *
 * @example
 * ```ts
 * parseAmount('$1,234.50') // 1234.5
 * ```
 */
export function parseAmount(cell: string): number | undefined {
  let s = cell.replace(/[^\d.,-]/g, '');
  if (s === '' || s === '-') return undefined;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma > lastDot) {
    // "1.234,50" or "12,5": the comma is the decimal point unless it separates thousands ("1,234").
    s = /^-?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(/\./g, '').replace(',', '.');
  } else s = s.replace(/,/g, '');
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a time as exports write it: ISO 8601 with `T` or a space, with or without seconds and zone
 * (Mailchimp's `2023-04-05 12:34:56` is UTC, so a missing zone means UTC), or epoch seconds/milliseconds.
 * Never guesses day/month order; undefined when unsure.
 *
 * @example
 * ```ts
 * parseTime('2023-04-05 12:34:56')?.toISOString() // "2023-04-05T12:34:56.000Z"
 * ```
 */
export function parseTime(cell: string): Date | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  // Mailchimp's `2023-04-05 12:34:56`, the common case, without the regex.
  if (s.length === 19 && isPlainDateTime(s)) {
    const n = (from: number, to: number) => Number(s.slice(from, to));
    return utcTime(n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19), 0, 0);
  }
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000);
  if (/^\d{13}$/.test(s)) return new Date(Number(s));
  const m = ISO_LIKE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '0', zone] = m;
  let offsetMinutes = 0;
  if (zone && !/^(Z|UTC)$/i.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  return utcTime(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(sec),
    Number(frac.slice(0, 3).padEnd(3, '0')),
    offsetMinutes,
  );
}

/** `YYYY-MM-DD HH:MM:SS` (or with `T`): what ISO_LIKE reads with no fraction and no zone. */
function isPlainDateTime(s: string): boolean {
  for (let i = 0; i < 19; i++) {
    const c = s.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45) return false; // -
    } else if (i === 10) {
      if (c !== 32 && c !== 84 && c !== 116) return false; // space, T, t (ISO_LIKE is case-insensitive)
    } else if (i === 13 || i === 16) {
      if (c !== 58) return false; // :
    } else if (c < 48 || c > 57) return false;
  }
  return true;
}

function utcTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  ms: number,
  offsetMinutes: number,
): Date | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000);
  // Date.UTC rolls 2023-02-31 over to March: refuse instead.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || Number.isNaN(date.getTime())) return undefined;
  return date;
}
