import type { ImportSource } from '../service/import-service.js';

/**
 * Where an uploaded CSV waits while it is imported. The import reads a file more than once (to check it
 * whole before writing anything, to hash it for its id, to import it), and a request body can be read
 * only once: the body is written here as it streams in, then read back for every pass.
 */
export interface ImportSpool {
  /** Keeps one chunk of the upload, in order. */
  write(chunk: Uint8Array): Promise<void>;
  /** The upload as the import service reads it, each call from the start; after the last write. */
  source(): Promise<ImportSource>;
  /** Frees what the spool holds; called once the import is over, whether it succeeded or not. */
  discard(): Promise<void>;
}

/**
 * The default spool: the chunks in memory as they arrived (never copied into one buffer), replayed for
 * each pass. Memory grows with the upload, which the handler's `importLimit` bounds; a server that takes
 * large files passes a spool on disk instead (`contactkit serve` does).
 *
 * @example
 * ```ts
 * createHttpHandler(kit, { authenticate, spool: memorySpool, importLimit: 32 * 1024 * 1024 });
 * ```
 */
export function memorySpool(): ImportSpool {
  let chunks: Uint8Array[] = [];
  return {
    write: async (chunk) => {
      chunks.push(chunk);
    },
    source: async () => {
      const held = chunks;
      return () =>
        (function* () {
          yield* held;
        })();
    },
    discard: async () => {
      chunks = [];
    },
  };
}
