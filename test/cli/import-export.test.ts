import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/cli/store.js';
import { cli } from './run-cli.js';
import { snapshot } from './store-snapshot.js';

const FIXTURES = join(import.meta.dirname, '../csv/fixtures');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function storeSnapshot(db: string) {
  const opened = await openSqliteStore(db, { readonly: true });
  try {
    return await snapshot(opened.store, 'default');
  } finally {
    await opened.close();
  }
}

const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('contactkit import', () => {
  it('imports a preset file and prints the JSON report; a second run changes nothing', async () => {
    const db = join(dir, 'c.db');
    const first = await cli('import', join(FIXTURES, 'mailchimp-subscribed.csv'), '--db', db, '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out);
    expect(report).toMatchObject({
      rows: expect.any(Number),
      created: expect.any(Number),
      updated: 0,
      unchanged: 0,
    });
    expect(report.rejected).toBe(report.errors.length);
    expect(report.created + report.rejected).toBe(report.rows);
    const before = await storeSnapshot(db);
    const second = JSON.parse(
      (await cli('import', join(FIXTURES, 'mailchimp-subscribed.csv'), '--db', db, '--json')).out,
    );
    expect(second).toMatchObject({
      rows: report.rows,
      created: 0,
      updated: 0,
      unchanged: report.rows - report.rejected,
    });
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('reports rejected rows with exit 0, and writes them to --errors', async () => {
    const db = join(dir, 'c.db');
    const input = file('in.csv', 'Email,Name\nana@example.com,Ana\nnope,=cmd()\n');
    const errors = join(dir, 'errors.csv');
    const { code, out } = await cli('import', input, '--db', db, '--errors', errors, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.errors).toEqual([
      { row: 2, column: 'Email', reason: expect.stringContaining('missing @') },
    ]);
    expect(readFileSync(errors, 'utf8')).toBe(
      `Email,Name,error\r\nnope,'=cmd(),"row 2, column ""Email"": ${report.errors[0].reason}"\r\n`,
    );
  });

  it.each([
    ['binary', new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0, 8, 0])],
    ['empty', ''],
    ['header only', 'Email,Name\n'],
    ['no identity column', 'Name,City\nAna,Rome\n'],
  ])('refuses a bad file (%s) with exit 1 and writes nothing', async (_, content) => {
    const db = join(dir, 'c.db');
    const errors = join(dir, 'errors.csv');
    const { code, out, err } = await cli(
      'import',
      file('bad.csv', content),
      '--db',
      db,
      '--errors',
      errors,
      '--json',
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/contactkit import/);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(errors)).toBe(false);
  });

  it('writes nothing on --dry-run, to a new or an existing store', async () => {
    const db = join(dir, 'c.db');
    const input = file('in.csv', 'Email\nana@example.com\nbo@example.com\n');
    const dry = await cli('import', input, '--db', db, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ rows: 2, created: 2, dryRun: true });
    expect(existsSync(db)).toBe(false);
    await cli('import', file('one.csv', 'Email\nana@example.com\n'), '--db', db);
    const before = await storeSnapshot(db);
    const again = JSON.parse((await cli('import', input, '--db', db, '--dry-run', '--json')).out);
    expect(again).toMatchObject({ rows: 2, created: 1, unchanged: 1 });
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('maps columns with --map, resolves by --upsert-key and reports in-file duplicates', async () => {
    const db = join(dir, 'c.db');
    const input = file('in.csv', 'Kontakt,Ref\nana@example.com,1\nana@example.com,2\n');
    const report = JSON.parse(
      (await cli('import', input, '--db', db, '--map', 'Kontakt=email', '--duplicates', 'report', '--json'))
        .out,
    );
    expect(report).toMatchObject({ rows: 2, created: 1, rejected: 1 });
    expect(report.errors[0]).toMatchObject({ row: 2, column: 'Kontakt' });
    const byRef = JSON.parse(
      (await cli('import', input, '--db', db, '--map', 'Ref=identity.ref', '--upsert-key', 'ref', '--json'))
        .out,
    );
    expect(byRef).toMatchObject({ rows: 2, created: 2 });
  });

  it('exits 2 on bad usage', async () => {
    const input = file('in.csv', 'Email\nana@example.com\n');
    expect((await cli('import')).code).toBe(2);
    expect((await cli('import', input, '--map', 'Email')).code).toBe(2);
    expect((await cli('import', input, '--nope')).code).toBe(2);
    expect((await cli('import', input, '--duplicates', 'maybe')).code).toBe(2);
    expect((await cli('import', input, '--db', join(dir, 'c.db'), '--map', 'Email=nonsense.x')).code).toBe(2);
    expect((await cli('export')).code).toBe(2);
    expect((await cli('export', '--out', join(dir, 'o.csv'), '--format', 'pdf')).code).toBe(2);
    expect(existsSync(join(dir, 'c.db'))).toBe(false);
  });
});

describe('contactkit export', () => {
  it('prints {rows, out}, and an export imports back with the same phones and neutralised formulas', async () => {
    const db = join(dir, 'c.db');
    const input = file(
      'in.csv',
      'Email,Phone,Company\nana@example.com,(415) 555-2671,=HYPERLINK("x")\nbo@example.com,+44 20 7946 0958,Acme\n',
    );
    await cli('import', input, '--db', db, '--country', 'US');
    const out = join(dir, 'out.csv');
    const exported = await cli('export', '--db', db, '--out', out, '--bom', '--json');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out)).toEqual({ rows: 2, out });
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`'+14155552671`);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);

    const db2 = join(dir, 'c2.db');
    expect(JSON.parse((await cli('import', out, '--db', db2, '--json')).out)).toMatchObject({
      rows: 2,
      created: 2,
    });
    const phones = async (path: string) =>
      (await storeSnapshot(path)).identities.filter((i) => i.type === 'phone').map((i) => i.value);
    expect(await phones(db2)).toEqual(await phones(db));
    expect(await phones(db2)).toEqual(['+14155552671', '+442079460958']);
  });

  it('writes JSON, NDJSON and XLSX by extension, with columns, presets and segments', async () => {
    const db = join(dir, 'c.db');
    await cli('import', join(FIXTURES, 'hubspot.csv'), '--db', db);
    const nd = join(dir, 'o.ndjson');
    expect(
      (await cli('export', '--db', db, '--out', nd, '--columns', 'identity.email,profile.firstName')).code,
    ).toBe(0);
    expect(
      readFileSync(nd, 'utf8')
        .trim()
        .split('\n')
        .map((l) => Object.keys(JSON.parse(l))),
    ).toEqual([
      ['identity.email', 'profile.firstName'],
      ['identity.email', 'profile.firstName'],
    ]);
    const xlsx = join(dir, 'o.xlsx');
    expect(JSON.parse((await cli('export', '--db', db, '--out', xlsx, '--json')).out)).toEqual({
      rows: 2,
      out: xlsx,
    });
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const mc = join(dir, 'mc.csv');
    await cli('export', '--db', db, '--out', mc, '--preset', 'mailchimp');
    expect(readFileSync(mc, 'utf8').startsWith('Email Address,First Name')).toBe(true);
    const seg = await cli(
      'export',
      '--db',
      db,
      '--out',
      join(dir, 's.json'),
      '--segment',
      'customers',
      '--json',
    );
    expect(JSON.parse(seg.out).rows).toBe(0);
  });

  it('fails with exit 1 and no file when the store is missing', async () => {
    const out = join(dir, 'o.csv');
    const { code } = await cli('export', '--db', join(dir, 'none.db'), '--out', out);
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
  });
});

describe('the contactkit binary', () => {
  it('runs import --json as a child process and prints the JSON report', async () => {
    const db = join(dir, 'c.db');
    const input = file('in.csv', 'Email\nana@example.com\nnope\n');
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['tsx', 'src/cli/main.ts', 'import', input, '--db', db, '--json'], {
      cwd: join(import.meta.dirname, '../..'),
    });
    expect(JSON.parse(stdout)).toMatchObject({ rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
  }, 90_000);
});

describe('contactkit <command> named like an Object.prototype member (issue 12, item 6)', () => {
  it('is an unknown command, exit 2', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const { code, err } = await cli(name);
      expect(code, name).toBe(2);
      expect(err).toContain(`unknown command "${name}"`);
    }
  });
});

describe('contactkit import of a file refused part-way (issue 12, item 8)', () => {
  it('exits 1, says nothing was written, and leaves no database behind', async () => {
    const db = join(dir, 'late.db');
    const lines = ['email,name'];
    for (let i = 0; i < 8500; i++) lines.push(`person${i}@example.com,Zoë ${i}`);
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${lines.join('\n')}\nlast@example.com,Jos`),
      0xe9,
      0x0a,
    ]);
    const { code, err } = await cli('import', file('late.csv', bytes), '--db', db, '--json');
    expect(code).toBe(1);
    expect(err).toMatch(/row 8501, file: invalid UTF-8 .*mixes encodings/);
    expect(existsSync(db)).toBe(false);
  });
});

describe('contactkit import warnings (issue 12, item 10)', () => {
  const rows = Array.from({ length: 25 }, (_, i) => `u${i}@example.com,call me`);
  const input = () => file('warn.csv', `Email,Phone\n${rows.join('\n')}\n`);

  it('--json lists every warning with its row, column and reason', async () => {
    const { code, out } = await cli('import', input(), '--db', join(dir, 'w.db'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.warnings).toHaveLength(25);
    expect(report.warnings[0]).toEqual({ row: 1, column: 'Phone', reason: 'no digits' });
  });

  it('text mode prints the first 20 and says how many more', async () => {
    const { code, out } = await cli('import', input(), '--db', join(dir, 'w.db'));
    expect(code).toBe(0);
    expect(out).toContain('25 values dropped with a warning');
    expect(out).toMatch(/ \S+\.csv row 1, column "Phone": no digits/);
    expect(out).toMatch(/ \S+\.csv row 20, column "Phone": no digits/);
    expect(out).not.toContain(' row 21,');
    expect(out).toContain('… and 5 more (--json lists them all)');
  });
});

describe('contactkit import and export refuse what they cannot do (issue 20)', () => {
  it('refuses an unknown --country before touching the store', async () => {
    const db = join(dir, 'c.db');
    const csv = file('p.csv', 'Email,Phone\nana@example.com,4155552671\n');
    const r = await cli('import', csv, '--db', db, '--country', 'ZZ');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--country "ZZ" is not a country');
    expect(existsSync(db)).toBe(false);
    const named = await cli('import', csv, '--db', db, '--country', 'United States', '--json');
    expect(named.code).toBe(0);
    expect(JSON.parse(named.out).created).toBe(1);
  });

  it('suggests --map when the file has no identity column', async () => {
    const csv = file('n.csv', 'Name,Notes\nAna,hi\n');
    const r = await cli('import', csv, '--db', join(dir, 'c.db'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('n.csv');
    expect(r.err).toContain('--map "Name=identity.email"');
    expect(r.err).not.toContain('overrides');
  });

  it('names the file, row and column of a rejected row', async () => {
    const csv = file('rows.csv', 'Email,Phone\nana@example.com,\nbad,xx\n');
    const r = await cli('import', csv, '--db', join(dir, 'c.db'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('rows.csv row 2, column "Email"');
  });

  it('refuses --out x.pdf (an unknown format), and writes nothing', async () => {
    const db = join(dir, 'c.db');
    await cli('import', file('p.csv', 'Email\nana@example.com\n'), '--db', db);
    const r = await cli('export', '--db', db, '--out', join(dir, 'x.pdf'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot write .pdf');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    expect((await cli('export', '--db', db, '--out', join(dir, 'x.pdf'), '--format', 'csv')).code).toBe(0);
  });
});
