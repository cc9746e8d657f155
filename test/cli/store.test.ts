import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/cli.js';
import { type DriverLoaders, MissingDriverError, openStore } from '../../src/cli/store.js';
import { PG_URL, testPostgres } from '../support/postgres.js';
import { cli } from './run-cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What Node throws for a package that is not installed, as seen from a bundled chunk. */
const notInstalled = (name: string) => () =>
  Promise.reject(
    Object.assign(new Error(`Cannot find package '${name}' imported from /app/dist/chunk-FACSSFIF.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    }),
  );

describe('the shared store opener', () => {
  it('names the package to install when better-sqlite3 is missing', async () => {
    const loaders: DriverLoaders = {
      sqlite: notInstalled('better-sqlite3'),
      pg: () => import('pg'),
    };
    const opening = openStore({ db: join(dir, 'c.db') }, {}, loaders);
    await expect(opening).rejects.toBeInstanceOf(MissingDriverError);
    await expect(opening).rejects.toThrow('npm install better-sqlite3');
  });

  it('names pg when the Postgres driver is missing', async () => {
    const loaders: DriverLoaders = { sqlite: () => import('better-sqlite3'), pg: notInstalled('pg') };
    await expect(openStore({ pg: 'postgres://nowhere/x' }, {}, loaders)).rejects.toThrow('npm install pg');
  });

  it('passes other load failures through unchanged', async () => {
    const loaders: DriverLoaders = {
      sqlite: () => Promise.reject(new Error('bindings file not found')),
      pg: () => import('pg'),
    };
    await expect(openStore({ db: join(dir, 'c.db') }, {}, loaders)).rejects.toThrow(
      'bindings file not found',
    );
  });

  it('creates and migrates a SQLite file on first use, then finds it up to date', async () => {
    const db = join(dir, 'c.db');
    const first = await openStore({ db });
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.where).toBe(`SQLite file ${db}`);
    await first.close();
    const second = await openStore({ db });
    expect(second.applied).toEqual([]);
    await second.close();
  });
});

describe('contactkit migrate, --version, --help', () => {
  it('migrates a new store and says so; a second run applies nothing', async () => {
    const db = join(dir, 'm.db');
    const first = await cli('migrate', '--db', db, '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out);
    expect(report.applied.length).toBeGreaterThan(0);
    expect(report.applied.at(-1)).toBe(report.latest);
    const again = await cli('migrate', '--db', db);
    expect(again.code).toBe(0);
    expect(again.out).toContain('schema up to date');
  });

  it('refuses --db with --pg, and stray arguments, as usage errors', async () => {
    expect((await cli('migrate', '--db', 'a.db', '--pg', 'postgres://x')).code).toBe(2);
    expect((await cli('migrate', 'extra')).code).toBe(2);
    expect((await cli('migrate', '--nope')).code).toBe(2);
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('lists every command, and every command answers --help with its exit codes', async () => {
    const overview = await cli('--help');
    for (const name of Object.keys(COMMANDS)) {
      expect(overview.out).toContain(`  ${name} `);
      const help = await cli(name, '--help');
      expect(help.code, name).toBe(0);
      expect(help.out, name).toMatch(/^usage: contactkit /);
      expect(help.out, name).toMatch(/exit codes/i);
    }
  });

  it('documents --json in every command but serve', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const help = await cli(name, '--help');
      expect(help.out, name).toContain('--json');
    }
  });
});

describe.skipIf(!PG_URL)('the store opener on Postgres (--pg)', () => {
  it('migrate --pg --schema creates the schema, and import and show work over it', async () => {
    const pg = await testPostgres();
    try {
      const first = await cli('migrate', '--pg', PG_URL!, '--schema', pg.schema, '--json');
      expect(first.code, first.err).toBe(0);
      expect(JSON.parse(first.out).applied.length).toBeGreaterThan(0);
      expect(JSON.parse(first.out).store).toContain(pg.schema);
      const csv = join(dir, 'p.csv');
      writeFileSync(csv, 'Email,First Name\nana@example.com,Ana\n');
      const imported = await cli('import', csv, '--pg', PG_URL!, '--schema', pg.schema, '--json');
      expect(imported.code, imported.err).toBe(0);
      const shown = await cli('show', 'ana@example.com', '--pg', PG_URL!, '--schema', pg.schema, '--json');
      expect(shown.code, shown.err).toBe(0);
      expect(JSON.parse(shown.out).contact.profile.firstName).toBe('Ana');
      const again = await cli('migrate', '--pg', PG_URL!, '--schema', pg.schema, '--json');
      expect(JSON.parse(again.out).applied).toEqual([]);
    } finally {
      await pg.dispose();
    }
  });
});
