import {
  AlreadyExistsError,
  ConcurrentUpdateError,
  IdentityTakenError,
  StoreUnavailableError,
  TransactionConflictError,
} from '../../errors/errors.js';

/**
 * Errors that mean "another writer got there first": the transaction rolled back, and running it again
 * on fresh reads decides correctly (the identity now has a holder, the contact a newer version, the
 * store's lock is free again). A store that dropped the connection ({@link StoreUnavailableError}) is
 * retried the same way: the next attempt takes a new connection, and the backoff gives a restarting
 * server time to come back.
 */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof IdentityTakenError ||
    error instanceof ConcurrentUpdateError ||
    error instanceof AlreadyExistsError ||
    error instanceof TransactionConflictError ||
    error instanceof StoreUnavailableError
  );
}

/**
 * Runs `fn` again on a retryable error, up to `attempts` times in all. The pause before each new attempt
 * is random up to a bound that doubles from 20 ms to 1 s ("full jitter"), so that writers that keep
 * colliding over the same contacts spread out instead of meeting again.
 */
export async function withRetry<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const pause = Math.min(1000, 10 * 2 ** attempt) * Math.random();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
