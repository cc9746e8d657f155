import { z } from 'zod';
import { isValidTimeZone } from './zoned-time.js';

/** A channel name as conversations carry it: `web`, `whatsapp`, `email`, or the host's own. */
export const ChannelNameSchema = z.string().trim().min(1).max(64);

/** An intent name (`pricing`, `booking`…), compared without regard to case: stored lower-case. */
export const IntentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .transform((s) => s.toLowerCase());

/** A lead grade as rules name it (`A`–`F`), compared without regard to case: stored upper-case. */
export const GradeNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(10)
  .transform((s) => s.toUpperCase());

/** An IANA time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'expected an IANA time zone such as "Europe/Berlin" or "UTC"');

/**
 * The id of a custom rule: letters, digits, `_`, `-` and `.`, so it reads well in keys, queues and
 * webhooks.
 */
export const RuleIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'expected letters, digits, "_", "-" or "." (starting with a letter or digit)',
  );

/** Whether a list of rules has unique ids; for a refine that names the list. */
export function uniqueIds(rules: readonly { readonly id: string }[]): boolean {
  return new Set(rules.map((r) => r.id)).size === rules.length;
}
