import { z } from 'zod';
import { normalizeText, storableText } from '../normalize/text.js';

/*
 * What text the library accepts, decided once here so that memory, SQLite and Postgres store the same
 * thing. Three things cannot be stored as given everywhere: NUL (Postgres refuses it in text and jsonb),
 * an unpaired surrogate (UTF-8 cannot encode one: the drivers write U+FFFD instead, so two different
 * values would become one, and what was stored would no longer equal what was looked up), and a byte
 * order mark (U+FEFF) at the start of a value (PGlite's UTF-8 decoder drops it when reading text back).
 * - Identifiers and keys (ids, identity values, tags, channels, inboxes) refuse them, with a
 *   ValidationError naming the field: a key silently changed would match the wrong record.
 * - Human text (names and other profile fields, message text, custom text values, notes) keeps what can
 *   be kept: NUL and a leading byte order mark are removed (as normalizeText already removed them from
 *   profile fields), an unpaired surrogate becomes U+FFFD (what any UTF-8 encoder writes for it), and
 *   the result is NFC. Lengths are checked after that, on the text as stored.
 * docs/normalization.md ("What text is accepted") is the user-facing statement of this policy.
 */

/** A string with the ES2024 well-formedness methods (Node ≥ 20 has them; the TypeScript lib here is ES2023). */
type WellFormed = string & { isWellFormed(): boolean };

/** The reason a key with a NUL, an unpaired surrogate or a leading byte order mark is refused. */
export const UNSTORABLE_KEY_REASON =
  'must not contain NUL (U+0000) or an unpaired surrogate (U+D800–U+DFFF), nor start with a byte order mark (U+FEFF): not every store can keep it as given';

/**
 * Whether every store keeps `text` exactly as given: it has no NUL, no unpaired surrogate, and does
 * not start with a byte order mark.
 *
 * @example
 * ```ts
 * isStorableText('ana@example.com') // true
 * isStorableText('sur\uD800')       // false
 * ```
 */
export function isStorableText(text: string): boolean {
  return (text as WellFormed).isWellFormed() && !text.includes('\u0000') && text.charCodeAt(0) !== 0xfeff;
}

/**
 * An identifier or key: refuses NUL, unpaired surrogates and a leading byte order mark
 * ({@link UNSTORABLE_KEY_REASON}). Trimmed
 * unless `trim` is false; `min` and `max` count the trimmed text.
 *
 * @example
 * ```ts
 * const ChannelSchema = keyText({ min: 1, max: 64 });
 * ```
 */
export function keyText(options: { readonly min?: number; readonly max: number; readonly trim?: boolean }) {
  const base = options.trim === false ? z.string() : z.string().trim();
  return base
    .min(options.min ?? 0)
    .max(options.max)
    .refine(isStorableText, { message: UNSTORABLE_KEY_REASON, abort: true });
}

/**
 * Human text: made storable (`storableText`: NUL and a leading byte order mark removed, unpaired
 * surrogates as U+FFFD, NFC), then trimmed when `trim` is true, then its length checked, so the limit
 * holds for the text as stored.
 *
 * @example
 * ```ts
 * const NameSchema = humanText({ max: 500 });
 * ```
 */
export function humanText(options: { readonly min?: number; readonly max: number; readonly trim?: boolean }) {
  const storable = z.string().overwrite(storableText);
  const base = options.trim ? storable.trim() : storable;
  return options.min === undefined ? base.max(options.max) : base.min(options.min).max(options.max);
}

/**
 * A tag: text normalized as {@link normalizeText} stores it (NFC, invisible characters removed, white
 * space folded, trimmed), then 1 to 100 characters. NUL and unpaired surrogates are refused first, as
 * in every key: a tag is matched on.
 */
export const TagSchema = z
  .string()
  .refine(isStorableText, { message: UNSTORABLE_KEY_REASON, abort: true })
  .overwrite(normalizeText)
  .min(1)
  .max(100);

/** Workspace, contact and record ids: opaque, non-empty strings chosen by the host or by an id factory. */
export const IdSchema = keyText({ min: 1, max: 200 });

/** A point in time inside the library: always a valid `Date`. */
export const TimestampSchema = z.date().refine((d) => !Number.isNaN(d.getTime()), 'invalid date');

/**
 * The window of times an event may carry: from 1970-01-01 (the epoch; epoch milliseconds are never
 * negative, so every input form agrees) up to, not including, 2200-01-01 UTC. A time far in the future
 * would keep a contact's last seen there and retention would never archive it; 9999-12-31 and
 * `8.64e15` are mistakes, not events. 2200 leaves room for any real schedule while refusing them.
 */
export const EVENT_TIME_RANGE = {
  from: new Date(Date.UTC(1970, 0, 1)),
  until: new Date(Date.UTC(2200, 0, 1)),
} as const;

const EVENT_TIME_REASON = 'must be from 1970-01-01 up to, not including, 2200-01-01 (UTC)';

/** Whether `date` lies in {@link EVENT_TIME_RANGE}. */
export function isEventTime(date: Date): boolean {
  const t = date.getTime();
  return t >= EVENT_TIME_RANGE.from.getTime() && t < EVENT_TIME_RANGE.until.getTime();
}

/** A point in time that arrived from outside and will be stored: a valid `Date` in {@link EVENT_TIME_RANGE}. */
export const EventTimeSchema = TimestampSchema.refine(isEventTime, EVENT_TIME_REASON);

/**
 * The largest amount one order (or an imported total) may have, in the currency's major unit: a
 * trillion. Amounts are summed and rounded to cents, which stays exact far beyond it, and no sum of
 * real orders reaches Infinity (two orders of `1e308` did).
 */
export const MAX_AMOUNT = 1e12;

/** A money amount: finite, from 0 to {@link MAX_AMOUNT}. */
export const AmountSchema = z.number().finite().min(0).max(MAX_AMOUNT);

/**
 * A point in time as it arrives from outside: a `Date`, an ISO 8601 string with a zone, or epoch
 * milliseconds. Always becomes a `Date`, in {@link EVENT_TIME_RANGE}.
 */
export const TimestampInputSchema = z
  .union([
    TimestampSchema,
    z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    z
      .number()
      .int()
      .min(0)
      .transform((ms) => new Date(ms)),
  ])
  .pipe(EventTimeSchema);

/** The string branch of {@link TimestampInputSchema} alone, for a parser that already knows the type. */
export const IsoTimestampSchema = TimestampInputSchema.in.options[1];

/** ISO 3166-1 alpha-2 country code, upper case (`"US"`, `"BR"`). */
export const CountryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter ISO 3166-1 country code')
  .transform((s) => s.toUpperCase());

/**
 * `record[key]` if `record` has `key` as its own property, else undefined. For keys that come from
 * outside (custom field keys, CSV headers, identity types, command names): on a plain object,
 * `record.constructor` or `record.toString` is Object.prototype's function, not a missing value.
 *
 * @example
 * ```ts
 * ownValue({ plan: 'pro' }, 'constructor') // undefined
 * ```
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** JSON-compatible value, for free-form payloads (activity data, outbox payloads). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);
