import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public benchmark data sets live in ../shared/data beside the project (CI always has them; a fresh
 * clone may not), or wherever `CONTACTKIT_SHARED_DATA` points (a git worktree sits elsewhere). Tests
 * that need them call {@link sharedDataPath} and skip visibly when it is null.
 */
export const SHARED_DATA_DIR =
  process.env.CONTACTKIT_SHARED_DATA ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');

/**
 * Absolute path of a file under ../shared/data, or null (with a note on stderr) when it is absent. Under
 * `CI=true` a missing file is an error instead: CI always has the data, so a test that would skip there
 * means the checkout is wrong, and must fail rather than pass without having run.
 */
export function sharedDataPath(relative: string): string | null {
  const path = join(SHARED_DATA_DIR, relative);
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${relative} is not in ${SHARED_DATA_DIR}: CI must have ../shared/data`);
  }
  console.warn(`[skipped] ${relative} is not in ${SHARED_DATA_DIR}; tests that need it are skipped.`);
  return null;
}
