import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { openSqliteStore } from '../../src/cli/store.js';
import { createContactkit } from '../../src/service/contactkit.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { PG_URL, testPostgres } from '../support/postgres.js';
import { startReceiver } from '../webhooks/receiver.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-cli-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

/** A SQLite store file with an endpoint to `url` and two contacts made after it. */
async function storeWithEvents(url: string, name = 'c.db') {
  const db = join(dir, name);
  const opened = await openSqliteStore(db);
  const kit = createContactkit({ store: opened.store, webhooks: { allowPrivateAddresses: true } });
  const { secret } = await kit.webhooks.create('default', { url });
  for (const who of ['ana', 'bob']) {
    await kit.contacts.ingest({
      workspaceId: 'default',
      eventId: who,
      occurredAt: new Date(),
      channel: 'web',
      identities: { email: `${who}@example.com` },
    });
  }
  await opened.close();
  return { db, secret };
}

describe('contactkit relay', () => {
  it('refuses bad usage with exit code 2, and prints its usage on --help', async () => {
    expect((await cli('relay', '--db', 'a.db', '--pg', 'postgres://x')).code).toBe(2);
    expect((await cli('relay', '--schema', 'x')).err).toMatch(/--schema goes with --pg/);
    expect((await cli('relay', '--concurrency', '0')).code).toBe(2);
    expect((await cli('relay', '--nope')).code).toBe(2);
    const { db } = await storeWithEvents('http://127.0.0.1:9/');
    const tooLong = await cli('relay', '--db', db, '--timeout-ms', '999999999', '--once');
    expect([tooLong.code, tooLong.err]).toEqual([2, expect.stringMatching(/timeoutMs/)]);
    const help = await cli('relay', '--help');
    expect([help.code, help.out]).toEqual([0, expect.stringMatching(/usage: contactkit relay/)]);
  });

  it('says when there is no store', async () => {
    const { code, err } = await cli('relay', '--db', join(dir, 'none.db'), '--once');
    expect(code).toBe(1);
    expect(err).toMatch(/no store/);
  });

  it('--once delivers what is due from a SQLite file, then stops', async () => {
    const receiver = await startReceiver();
    try {
      const { db, secret } = await storeWithEvents(receiver.url);
      const { code, out } = await cli('relay', '--db', db, '--once', '--allow-private-addresses', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ delivered: 2, failed: 0 });
      expect(receiver.receipts).toHaveLength(2);
      for (const r of receiver.receipts) verifyWebhook(r.body, r.headers, secret);
      // Without --allow-private-addresses a loopback endpoint is refused when connecting.
      const again = await storeWithEvents(receiver.url, 'other.db');
      const refused = await cli('relay', '--db', again.db, '--once', '--json');
      expect(JSON.parse(refused.out)).toMatchObject({ delivered: 0, retrying: 2 });
    } finally {
      await receiver.close();
    }
  });

  it.skipIf(!PG_URL)('--once delivers from Postgres (--pg, --schema)', async () => {
    const receiver = await startReceiver();
    const pg = await testPostgres();
    try {
      const { PostgresStore } = await import('../../adapters/postgres/index.js');
      const store = await PostgresStore.open(pg.driver, { schema: pg.schema });
      const kit = createContactkit({ store, webhooks: { allowPrivateAddresses: true } });
      await kit.webhooks.create('ws', { url: receiver.url });
      await kit.contacts.ingest({
        workspaceId: 'ws',
        eventId: 'e1',
        occurredAt: new Date(),
        channel: 'web',
        identities: { email: 'ana@example.com' },
      });
      const { code, out } = await cli(
        'relay',
        '--pg',
        PG_URL!,
        '--schema',
        pg.schema,
        '--once',
        '--allow-private-addresses',
        '--json',
      );
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ delivered: 1 });
    } finally {
      await pg.dispose();
      await receiver.close();
    }
  });

  it('runs until SIGTERM, then stops cleanly with its totals', async () => {
    const receiver = await startReceiver();
    try {
      const { db } = await storeWithEvents(receiver.url);
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, '../../src/cli/main.ts'),
          'relay',
          '--db',
          db,
          '--allow-private-addresses',
          '--poll-ms',
          '20',
          '--json',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      for (let i = 0; i < 1000 && receiver.receipts.length < 2; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(receiver.receipts).toHaveLength(2);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ delivered: 2 });
    } finally {
      await receiver.close();
    }
  });
});
