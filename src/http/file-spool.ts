import type { ImportSpool } from './spool.js';

/**
 * A spool on disk, for servers that take large files: the upload is written to a temporary file as it
 * streams in, read back from it for each pass of the import, and deleted once the import is over. Memory
 * stays bounded whatever the size of the file. Node only (it loads `node:fs` when an upload starts).
 *
 * @example
 * ```ts
 * createHttpHandler(kit, { authenticate, spool: fileSpool(), importLimit: 1024 * 1024 * 1024 });
 * ```
 */
export function fileSpool(directory?: string): () => ImportSpool {
  return () => {
    let opened:
      | Promise<{ dir: string; path: string; handle: import('node:fs/promises').FileHandle }>
      | undefined;
    const open = () => {
      opened ??= (async () => {
        const [{ mkdtemp, open: openFile }, { tmpdir }, { join }] = await Promise.all([
          import('node:fs/promises'),
          import('node:os'),
          import('node:path'),
        ]);
        const dir = await mkdtemp(join(directory ?? tmpdir(), 'contactkit-upload-'));
        const path = join(dir, 'upload.csv');
        return { dir, path, handle: await openFile(path, 'w', 0o600) };
      })();
      return opened;
    };
    return {
      write: async (chunk) => {
        const { handle } = await open();
        await handle.write(chunk);
      },
      source: async () => {
        const { path, handle } = await open();
        await handle.close();
        const { createReadStream } = await import('node:fs');
        return () => createReadStream(path, { highWaterMark: 256 * 1024 });
      },
      discard: async () => {
        if (!opened) return;
        const { dir, handle } = await opened;
        await handle.close().catch(() => {});
        const { rm } = await import('node:fs/promises');
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
}
