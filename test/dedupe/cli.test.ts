import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/cli.js';
import { run } from '../../src/cli/commands/dedupe.js';

const dir = mkdtempSync(join(tmpdir(), 'contactkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PEOPLE = `id, first_name, last_name, email, phone, city
1, Robert, Smith, bob.smith@gmail.com, (415) 555-2671, Springfield
2, Bob, Smith, BOBSMITH@gmail.com, +1 415 555 2671, Springfield
3, Ana, Lima, ana@lima.pt, 212 555 0101,"Porto
(Norte)"
4, Elizabeth, Taylor, liz.taylor@yahoo.com, 646-555-0199, Madison
5, Liz, Taylor, liz.taylor@yahoo.com, , Madison
6, Rui, Costa, rui@costa.pt, 3105550123, Lisbon
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function readClusters(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

let stderr = '';
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('contactkit dedupe', () => {
  it('warns of keys too common to compare pair by pair, as Splink does', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `${i},${['Ana', 'Rui'][i % 2]},${['Lima', 'Costa'][i % 3 === 0 ? 0 : 1]},p${i}@x${i % 7}.example`,
    );
    const input = file('few-names.csv', `id,first_name,last_name,email\n${rows.join('\n')}\n`);
    const config = file(
      'few-names.json',
      JSON.stringify({
        fields: [
          { name: 'first_name', kind: 'first_name' },
          { name: 'last_name', kind: 'last_name' },
          { name: 'email', kind: 'email' },
        ],
        blocking: [{ keys: [{ field: 'last_name' }] }, { keys: [{ field: 'email' }] }],
        maxBlockSize: 1000,
      }),
    );
    const out = join(dir, 'few.csv');
    expect(await run([input, '--id-column', 'id', '--config', config, '--out', out])).toBe(0);
    expect(stderr).toMatch(/warning: \d+ blocks too large to compare pair by pair/);
    expect(stderr).toMatch(/records share .*compared with their nearest neighbours only/);
  });

  it('writes id,cluster_id for every record, trims cells, and prints a summary', async () => {
    const input = file('people.csv', PEOPLE);
    const out = join(dir, 'clusters.csv');
    expect(await run([input, '--id-column', 'id', '--out', out])).toBe(0);
    const rows = readClusters(out);
    expect(rows[0]).toEqual(['id', 'cluster_id']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const cluster = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[1]]));
    expect(cluster['1']).toBe(cluster['2']);
    expect(cluster['4']).toBe(cluster['5']);
    // Singletons get their own cluster id.
    expect(new Set([cluster['1'], cluster['3'], cluster['4'], cluster['6']]).size).toBe(4);
    expect(stderr).toMatch(
      /records: 6, candidate pairs: \d+, pairs above threshold: \d+, clusters: 4, seconds: [\d.]+/,
    );
    // No TTY here, so no progress bar.
    expect(stderr).not.toMatch(/\[[█░]+\]/);
  });

  it('is routed from the contactkit entry point', async () => {
    const input = file('routed.csv', PEOPLE);
    const out = join(dir, 'routed-out.csv');
    expect(await main(['dedupe', input, '--id-column', 'id', '--out', out])).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('uses a configuration file when given, and leaves excluded columns out', async () => {
    const input = file('config-people.csv', PEOPLE);
    const config = file(
      'match.json',
      JSON.stringify({
        fields: [
          { name: 'email', kind: 'email' },
          { name: 'last_name', kind: 'last_name' },
        ],
        blocking: [{ keys: [{ field: 'last_name' }] }],
        threshold: 0.5,
      }),
    );
    const out = join(dir, 'config-out.csv');
    expect(
      await run([input, '--id-column', 'id', '--config', config, '--exclude-columns', 'city', '--out', out]),
    ).toBe(0);
    const cluster = Object.fromEntries(
      readClusters(out)
        .slice(1)
        .map((r) => [r[0], r[1]]),
    );
    expect(cluster['4']).toBe(cluster['5']);
  });

  it('exits 2 on bad usage, naming what is wrong', async () => {
    const input = file('usage.csv', PEOPLE);
    expect(await run([input, '--id-column', 'id'])).toBe(2);
    expect(stderr).toMatch(/--out is required/);
    expect(await run(['--id-column', 'id', '--out', join(dir, 'x.csv')])).toBe(2);
    expect(await run([input, '--id-column', 'id', '--out', join(dir, 'x.csv'), '--bogus'])).toBe(2);
    expect(await run([input, '--id-column', 'nope', '--out', join(dir, 'x.csv')])).toBe(2);
    expect(stderr).toMatch(/nope/);
    const badConfig = file(
      'bad.json',
      JSON.stringify({ fields: [{ name: 'email', kind: 'emial' }], blocking: [] }),
    );
    expect(await run([input, '--id-column', 'id', '--config', badConfig, '--out', join(dir, 'x.csv')])).toBe(
      2,
    );
    expect(stderr).toMatch(/fields\.0\.kind/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('exits 1 when the job fails, writing nothing', async () => {
    const out = join(dir, 'failed.csv');
    expect(await run([join(dir, 'missing.csv'), '--id-column', 'id', '--out', out])).toBe(1);
    const twice = file('dup-ids.csv', 'id,name,email\n1,Ana,a@x.com\n1,Rui,r@x.com\n');
    expect(await run([twice, '--id-column', 'id', '--out', out])).toBe(1);
    expect(stderr).toMatch(/share this id/);
    expect(existsSync(out)).toBe(false);
  });

  it('answers a file with a header and no rows with a header and no rows', async () => {
    const empty = file('empty.csv', 'id,name,email\n');
    const out = join(dir, 'empty-out.csv');
    expect(await run([empty, '--id-column', 'id', '--out', out])).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('id,cluster_id\n');
    expect(stderr).toMatch(/records: 0, candidate pairs: 0, pairs above threshold: 0, clusters: 0/);
    expect(await run([empty, '--id-column', 'nope', '--out', out])).toBe(2);
  });

  it('exits 2 when the configuration file cannot be read', async () => {
    const input = file('noconfig.csv', PEOPLE);
    expect(
      await run([
        input,
        '--id-column',
        'id',
        '--config',
        join(dir, 'none.json'),
        '--out',
        join(dir, 'y.csv'),
      ]),
    ).toBe(2);
    expect(stderr).toMatch(/cannot use config/);
  });

  it('prints its usage with --help', async () => {
    expect(await run(['--help'])).toBe(0);
  });
});
