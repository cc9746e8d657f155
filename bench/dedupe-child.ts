/**
 * Runs one dedupe job in its own process, so that its peak memory is its own, and prints one line of
 * JSON: `{ seconds, peakRssMb, candidatePairs, pairsAboveThreshold }`. Used by bench/groups/dedupe.ts.
 *
 *   node --import tsx bench/dedupe-child.ts full <input.csv> <id-column> <out.csv>
 *   node --import tsx bench/dedupe-child.ts block <input.csv> <id-column>
 *
 * `full` is the `contactkit dedupe` command itself; `block` only reads the file, infers the fields and
 * the blocking rules and generates the candidate pairs (the baseline: the work no dedupe avoids).
 */
import { readCsvRecords, run } from '../src/cli/commands/dedupe.js';
import { candidatePairs } from '../src/dedupe/blocking.js';
import { inferBlockingRules, inferFields } from '../src/dedupe/infer-config.js';
import { seededRng } from '../src/dedupe/prng.js';
import { prepareRecords } from '../src/dedupe/records.js';

const [mode, input, idColumn, out] = process.argv.slice(2);
if (!input || !idColumn || (mode !== 'full' && mode !== 'block') || (mode === 'full' && !out)) {
  process.stderr.write('usage: dedupe-child.ts full|block <input.csv> <id-column> [out.csv]\n');
  process.exit(2);
}
const started = performance.now();
let candidates = 0;
let above = 0;
if (mode === 'full') {
  // The summary line on stderr carries the counts; capture it as well as letting it through.
  const write = process.stderr.write.bind(process.stderr);
  let summary = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    summary += String(chunk);
    return write(chunk);
  }) as typeof process.stderr.write;
  const code = await run([input, '--id-column', idColumn, '--out', out!]);
  if (code !== 0) process.exit(code);
  candidates = Number(/candidate pairs: (\d+)/.exec(summary)?.[1] ?? 0);
  above = Number(/pairs above threshold: (\d+)/.exec(summary)?.[1] ?? 0);
} else {
  const records = readCsvRecords({ input, idColumn });
  const { fields } = inferFields(records);
  const prepared = prepareRecords(records, fields);
  const rules = inferBlockingRules(prepared, seededRng(1));
  candidates = candidatePairs(prepared, rules, { maxBlockSize: 2000 }).count;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, candidatePairs: candidates, pairsAboveThreshold: above })}\n`,
);
