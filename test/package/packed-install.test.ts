/**
 * The package as a user gets it: build, `npm pack`, install the tarball into an empty project, then import
 * every public subpath by name and run the `contactkit` bin. Catches what unit tests cannot: a subpath
 * missing from "exports" or "files", a chunk left out of the tarball, a dependency only present as a
 * devDependency, a bin without its shebang.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Named exports each subpath must have; a subpath with none listed must still export something. */
const EXPECTED_EXPORTS: Record<string, readonly string[]> = {
  contactkit: ['normalizeEmail', 'normalizePhone', 'normalizeName', 'emailMatchKey', 'ValidationError'],
  'contactkit/memory': ['MemoryStore'],
  'contactkit/sqlite': ['SqliteStore', 'MIGRATIONS'],
  'contactkit/postgres': ['PostgresStore', 'MIGRATIONS'],
  'contactkit/mariadb': ['MariadbStore', 'MIGRATIONS'],
  'contactkit/sql': ['SqlStore', 'MIGRATIONS', 'sql'],
  'contactkit/testing': ['runConformanceSuite', 'CONFORMANCE_GROUPS', 'makeContact', 'makeIdentity'],
  'contactkit/http': ['createHttpHandler', 'apiKeyAuthenticator', 'parseApiKeys', 'buildOpenApiDocument'],
};

// Runs inside the installed project, so every specifier resolves through node_modules/contactkit.
const PROBE = `
const subpaths = ${JSON.stringify(Object.keys(EXPECTED_EXPORTS))};
const out = { exports: {}, errors: {} };
for (const name of subpaths) {
  try {
    out.exports[name] = Object.keys(await import(name)).sort();
  } catch (error) {
    out.errors[name] = String(error && error.stack || error);
  }
}
const pkg = await import('contactkit/package.json', { with: { type: 'json' } });
out.packageName = pkg.default.name;
const { normalizeEmail, normalizePhone } = await import('contactkit');
out.email = normalizeEmail(' Ana@Bücher.DE ').value;
out.phone = normalizePhone('(415) 555-2671', { defaultCountry: 'US' }).value;
const { MemoryStore } = await import('contactkit/memory');
const { makeContact } = await import('contactkit/testing');
const store = new MemoryStore();
await store.transaction('ws_1', (tx) => tx.contacts.insertMany([makeContact('ws_1', 'c_1')]));
out.stored = await store.transaction('ws_1', (tx) => tx.contacts.count());
await store.close();
console.log(JSON.stringify(out));
`;

let work: string;
let project: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'contactkit-packed-'));
  project = join(work, 'project');
  await exec('npm', ['run', 'build'], { cwd: root, maxBuffer: 64 << 20 });
  await exec('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root });
  const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'packed-install-probe', private: true, type: 'module' }),
  );
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], {
    cwd: project,
    maxBuffer: 64 << 20,
  });
  await writeFile(join(project, 'probe.mjs'), PROBE);
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed tarball, installed into a fresh project', () => {
  it('resolves every public subpath by name with its named exports, and works', async () => {
    const { stdout } = await exec('node', ['probe.mjs'], { cwd: project });
    const out = JSON.parse(stdout) as {
      exports: Record<string, string[]>;
      errors: Record<string, string>;
      packageName: string;
      email: string;
      phone: string;
      stored: number;
    };
    expect(out.errors).toEqual({});
    for (const [subpath, names] of Object.entries(EXPECTED_EXPORTS)) {
      expect(out.exports[subpath], subpath).toEqual(expect.arrayContaining([...names]));
      expect(out.exports[subpath]?.length, `${subpath} exports nothing`).toBeGreaterThan(0);
    }
    expect(out.packageName).toBe('contactkit');
    expect(out.email).toBe('ana@xn--bcher-kva.de');
    expect(out.phone).toBe('+14155552671');
    expect(out.stored).toBe(1);
  });

  it('installs the contactkit bin, which prints its usage on --help', async () => {
    const { stdout } = await exec(join(project, 'node_modules', '.bin', 'contactkit'), ['--help'], {
      cwd: project,
    });
    expect(stdout).toMatch(/usage: contactkit/);
  });
});
