/**
 * Runs the benchmark groups in bench/groups/ and writes bench/results.json.
 * `npm run bench` runs every group; `npm run bench -- dedupe ingest` runs the named ones.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchGroup, BenchResult } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(join(here, 'groups'))
  .filter((f) => f.endsWith('.ts'))
  .sort();

const groups: BenchGroup[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, 'groups', file)).href)) as { default: BenchGroup };
  groups.push(mod.default);
}
const unknown = wanted.filter((w) => !groups.some((g) => g.name === w));
if (unknown.length > 0) {
  console.error(
    `unknown bench group(s): ${unknown.join(', ')}; known: ${groups.map((g) => g.name).join(', ')}`,
  );
  process.exit(2);
}

const results: BenchResult[] = [];
for (const group of groups) {
  if (wanted.length > 0 && !wanted.includes(group.name)) continue;
  console.error(`# ${group.name}`);
  for (const r of await group.run()) {
    results.push(r);
    const base = r.baseline === null ? '' : `   baseline ${r.baseline} ${r.unit}   ratio ${r.ratio}`;
    console.log(`${r.name.padEnd(40)} ${String(r.value).padStart(14)} ${r.unit}${base}`);
  }
}
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.error(`wrote ${results.length} figures to bench/results.json`);
