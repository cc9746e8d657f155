import { NotFoundError, ValidationError, WorkspaceMismatchError } from '../errors/errors.js';

/**
 * Cheap checks every adapter runs on records before writing them: the parts that, if wrong, would
 * corrupt stored data or cross workspaces. Full schema validation happens once, at the edge.
 */
export function assertRecordScope(
  record: { readonly workspaceId?: unknown },
  workspaceId: string,
  entity: string,
): void {
  if (typeof record.workspaceId !== 'string' || record.workspaceId.length === 0) {
    throw new ValidationError({
      field: `${entity}.workspaceId`,
      value: record.workspaceId,
      reason: 'required',
    });
  }
  if (record.workspaceId !== workspaceId) throw new WorkspaceMismatchError(workspaceId, record.workspaceId);
}

/** Throws a {@link contactkit!ValidationError} unless `value` is a non-empty string of at most `max` characters. */
export function assertId(value: unknown, field: string, max = 512): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new ValidationError({
      field,
      value,
      reason: `must be a non-empty string of at most ${max} characters`,
    });
  }
}

/** Throws a {@link contactkit!ValidationError} unless `value` is a valid `Date`. */
export function assertDate(value: unknown, field: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError({ field, value, reason: 'must be a valid Date' });
  }
}

/** Throws a {@link contactkit!ValidationError} unless `value` is an integer of at least `min`. */
export function assertInt(value: unknown, field: string, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError({ field, value, reason: `must be an integer of at least ${min}` });
  }
}

/** Throws a {@link contactkit!NotFoundError} for the first id of `wanted` that `found` does not have. */
export function assertAllFound(
  entity: string,
  workspaceId: string,
  wanted: readonly string[],
  found: ReadonlySet<string>,
): void {
  for (const id of wanted) if (!found.has(id)) throw new NotFoundError(entity, workspaceId, id);
}
