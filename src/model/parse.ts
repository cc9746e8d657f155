import type { z } from 'zod';
import { type Issue, ValidationError } from '../errors/errors.js';

/** Turns zod's issues into contactkit {@link contactkit!Issue}s, keeping the path and the received value. */
export function issuesFromZod(error: z.ZodError, input: unknown, prefix = ''): Issue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    let value: unknown = input;
    for (const key of path) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    const field = [prefix, ...path].filter(Boolean).join('.') || prefix || '(root)';
    return { field, value, reason: issue.message };
  });
}

/**
 * Parses outside input with a schema and throws a {@link contactkit!ValidationError} naming every bad field.
 * This is the one door through which untrusted data enters the core.
 *
 * @example
 * ```ts
 * const event = parseInput(ChatEventSchema, JSON.parse(body), 'event');
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(issuesFromZod(result.error, input, prefix));
}
