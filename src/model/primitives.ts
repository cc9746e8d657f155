import { z } from 'zod';

/** Workspace, contact and record ids: opaque, non-empty strings chosen by the host or by an id factory. */
export const IdSchema = z.string().trim().min(1).max(200);

/** A point in time inside the library: always a valid `Date`. */
export const TimestampSchema = z.date().refine((d) => !Number.isNaN(d.getTime()), 'invalid date');

/**
 * A point in time as it arrives from outside: a `Date`, an ISO 8601 string with a zone, or epoch
 * milliseconds. Always becomes a `Date`.
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
  .pipe(TimestampSchema);

/** The string branch of {@link TimestampInputSchema} alone, for a parser that already knows the type. */
export const IsoTimestampSchema = TimestampInputSchema.in.options[1];

/** ISO 3166-1 alpha-2 country code, upper case (`"US"`, `"BR"`). */
export const CountryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'expected a two-letter ISO 3166-1 country code')
  .transform((s) => s.toUpperCase());

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
