import { z } from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A span of elapsed time (see {@link DurationSchema}). */
export interface Duration {
  readonly days?: number | undefined;
  readonly hours?: number | undefined;
  readonly minutes?: number | undefined;
}

/**
 * A span of elapsed time in settings, e.g. `{ hours: 24 }` or `{ days: 7 }`. A day is 24 hours of
 * elapsed time, not a calendar day: delays count real time, and quiet hours (which do follow the
 * calendar of the contact's time zone) are applied afterwards. At most a year.
 */
export const DurationSchema = z
  .object({
    days: z.number().min(0).max(366).optional(),
    hours: z
      .number()
      .min(0)
      .max(366 * 24)
      .optional(),
    minutes: z
      .number()
      .min(0)
      .max(366 * 24 * 60)
      .optional(),
  })
  .strict()
  .refine((d) => durationMs(d) <= 366 * DAY_MS, 'at most a year in all');

/**
 * A {@link Duration} in milliseconds.
 *
 * @example
 * ```ts
 * durationMs({ days: 1, hours: 2 }) // 93_600_000
 * ```
 */
export function durationMs(duration: Duration): number {
  return (
    (duration.days ?? 0) * DAY_MS + (duration.hours ?? 0) * HOUR_MS + (duration.minutes ?? 0) * MINUTE_MS
  );
}
