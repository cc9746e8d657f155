/**
 * Checks the package as npm would publish it: builds, packs into a temporary directory, then runs
 * `publint --strict` and `attw --profile esm-only` on the tarball. Exits non-zero on any problem.
 *
 * `npm run check:pkg` runs it. `--no-build` skips the build (when dist/ is fresh already).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = !process.argv.includes('--no-build');

/** Runs a command in the repository root with inherited output; returns whether it exited 0. */
function run(command: string, args: readonly string[]): boolean {
  console.error(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.error) console.error(`check:pkg: could not run ${command}: ${r.error.message}`);
  return r.status === 0;
}

/** Builds, packs and lints; returns the number of failed steps. */
function check(out: string): number {
  if (build && !run('npm', ['run', 'build'])) {
    console.error('check:pkg: the build failed');
    return 1;
  }
  if (!run('npm', ['pack', '--pack-destination', out, '--silent'])) {
    console.error('check:pkg: npm pack failed');
    return 1;
  }
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) {
    console.error(`check:pkg: npm pack wrote no tarball in ${out}`);
    return 1;
  }
  const path = join(out, tarball);
  const bin = (name: string) => join(root, 'node_modules', '.bin', name);
  let failures = 0;
  if (!run(bin('publint'), ['run', path, '--strict'])) failures++;
  if (!run(bin('attw'), [path, '--profile', 'esm-only', '--no-emoji', '--no-color'])) failures++;
  return failures;
}

const out = mkdtempSync(join(tmpdir(), 'contactkit-pack-'));
let failures: number;
try {
  failures = check(out);
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`check:pkg: ${failures} check(s) failed`);
  process.exit(1);
}
console.error('check:pkg: publint --strict and attw --profile esm-only are clean');
