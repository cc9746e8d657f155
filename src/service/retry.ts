import {
  AlreadyExistsError,
  ConcurrentUpdateError,
  IdentityTakenError,
  TransactionConflictError,
} from '../errors/errors.js';

/**
 * Errors that mean "another writer got there first": the transaction rolled back, and running it again
 * on fresh reads decides correctly (the identity now has a holder, the contact a newer version, the
 * store's lock is free again).
 */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof IdentityTakenError ||
    error instanceof ConcurrentUpdateError ||
    error instanceof AlreadyExistsError ||
    error instanceof TransactionConflictError
  );
}

/** Runs `fn` again on a retryable error, up to `attempts` times in all, with a short jittered pause. */
export async function withRetry<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const pause = Math.min(50, 2 ** attempt) * Math.random();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
