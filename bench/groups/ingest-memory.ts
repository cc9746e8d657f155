import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MemoryStore } from '../../adapters/memory/index.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { normalizeEmail } from '../../src/normalize/email.js';
import { createContactService } from '../../src/service/index.js';
import { type BenchGroup, cpuSecondsSince, result } from '../harness.js';
import { generateEventMix } from '../support/event-mix.js';
import { storageOnlyRate } from '../support/port-recorder.js';
import { expertSeconds, parseSeconds } from '../support/same-work.js';

/** CONTACTKIT_BENCH_EVENTS sets a smaller run (a quick check that the group works). */
const EVENTS = Number(process.env.CONTACTKIT_BENCH_EVENTS ?? 100_000);
const BATCH = 1_000;
const ROUNDS = 7;
/** V8's young generation, in MB, for the second measurement (see docs/performance.md, Settings). */
const SEMI_SPACE_MB = 64;
const here = fileURLToPath(import.meta.url);

/** The whole service on a fresh memory store: events per second, wall and per CPU-second. */
async function ingest(events: readonly ChatEventInput[]): Promise<{ rate: number; cpuRate: number }> {
  const service = createContactService({ store: new MemoryStore(), batchSize: BATCH });
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < events.length; i += BATCH) {
    const results = await service.ingestBatch(events.slice(i, i + BATCH));
    if (results.some((r) => !r.ok)) throw new Error('bench: an event was refused');
  }
  return {
    rate: events.length / ((performance.now() - start) / 1000),
    cpuRate: events.length / cpuSecondsSince(cpu),
  };
}

/**
 * `ingest.memory.events_per_s`: the realistic mix through the whole service on the memory adapter,
 * best of five, next to the same-work baseline (bench/support/expert-intake.ts: an expert's intake on
 * plain Maps, deciding by the same rules and keeping exactly the rows the service keeps);
 * `ingest.memory.same_work_ratio` is issue 13's measure (best over best), and
 * `ingest.memory.same_work_ratio.paired_median` the median of each round's own ratio.
 * `ingest.memory.lookups_only_baseline.events_per_s`, labelled as such, is the least any intake must do:
 * look each identity up in a Map and insert the missing ones (no resolution rules, no timeline, no log).
 *
 * `ingest.memory.storage_only.events_per_s`: the memory store alone doing exactly the reads and writes
 * the service made for the mix (recorded, then replayed on a fresh store): the most intake could reach
 * on this store if the service itself cost nothing.
 *
 * `ingest.memory_semi64.events_per_s`: the same in a child process started with
 * `--max-semi-space-size=64`. Intake keeps a batch's objects alive until it commits, and the memory
 * store keeps every row it is given, so with V8's default young generation much of the time goes to
 * copying survivors; this figure shows what the setting buys.
 *
 *   node --max-semi-space-size=64 --import tsx bench/groups/ingest-memory.ts child
 */
const group: BenchGroup = {
  name: 'ingest-memory',
  async run() {
    const events = generateEventMix(EVENTS);

    const baselineStart = performance.now();
    const baselineCpu = process.cpuUsage();
    const owners = new Map<string, number>();
    let contacts = 0;
    for (const e of events) {
      let owner: number | undefined;
      const keys: string[] = [];
      for (const [type, raw] of Object.entries(e.identities)) {
        const value =
          type === 'email'
            ? normalizeEmail(raw as string).value
            : String(raw).replace(/\D/g, '') || String(raw);
        const key = `${type === 'whatsapp' ? 'phone' : type}:${value}`;
        keys.push(key);
        owner ??= owners.get(key);
      }
      if (owner === undefined) owner = contacts++;
      for (const key of keys) if (!owners.has(key)) owners.set(key, owner);
    }
    const baselineRate = EVENTS / ((performance.now() - baselineStart) / 1000);
    const baselineCpuRate = EVENTS / cpuSecondsSince(baselineCpu);

    // The same work on plain Maps (bench/support/expert-intake.ts), five rounds, each an intake run and
    // an expert run back to back (in turn first): runs on this machine vary by 15% and more, and the
    // best of each is what the code can do. The median of the rounds' own ratios is reported too: two
    // runs a few seconds apart see the same machine, so it moves less than a ratio of two bests.
    // A first run of each warms the code up; the intake run's CPU figure is reported.
    const { cpuRate } = await ingest(events);
    const expertRate = () => EVENTS / expertSeconds(events, BATCH);
    expertRate();
    let sameWork = 0;
    let best = 0;
    const paired: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let expert: number;
      let intake: number;
      if (round % 2 === 1) {
        expert = expertRate();
        intake = (await ingest(events)).rate;
      } else {
        intake = (await ingest(events)).rate;
        expert = expertRate();
      }
      sameWork = Math.max(sameWork, expert);
      best = Math.max(best, intake);
      paired.push(intake / expert);
      console.error(`  round ${round + 1}: intake ${Math.round(intake)}, same work ${Math.round(expert)}`);
    }
    const pairedMedian = [...paired].sort((a, b) => a - b)[Math.floor(paired.length / 2)]!;

    const storageRate = await storageOnlyRate(new MemoryStore(), events, BATCH);
    // What intake spends besides parsing and the store: deciding (resolution, profile, classification,
    // scoring, the log's entries) and its unit of work.
    const decideUs = (1 / best - 1 / storageRate - parseSeconds(events) / EVENTS) * 1e6;

    console.error(`  again in a child process with --max-semi-space-size=${SEMI_SPACE_MB}`);
    const stdout = execFileSync(
      process.execPath,
      [`--max-semi-space-size=${SEMI_SPACE_MB}`, '--import', 'tsx', here, 'child'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const child = JSON.parse(stdout.trim().split('\n').at(-1)!) as { rate: number; cpuRate: number };
    return [
      result('ingest.memory.events_per_s', best, 'events/s', sameWork),
      result('ingest.memory.same_work_ratio', best / sameWork, 'ratio'),
      result('ingest.memory.same_work_ratio.paired_median', pairedMedian, 'ratio'),
      result('ingest.memory.lookups_only_baseline.events_per_s', baselineRate, 'events/s'),
      result('ingest.memory.decide_us_per_event', decideUs, 'µs'),
      // Per CPU-second of this process: what a busy machine disturbs least (GC threads count too).
      result('ingest.memory.events_per_cpu_s', cpuRate, 'events/s', baselineCpuRate),
      result('ingest.memory.storage_only.events_per_s', storageRate, 'events/s', baselineRate),
      result(`ingest.memory_semi${SEMI_SPACE_MB}.events_per_s`, child.rate, 'events/s', baselineRate),
      result(
        `ingest.memory_semi${SEMI_SPACE_MB}.events_per_cpu_s`,
        child.cpuRate,
        'events/s',
        baselineCpuRate,
      ),
    ];
  },
};
export default group;

if (process.argv[1] === here && process.argv[2] === 'child') {
  process.stdout.write(`${JSON.stringify(await ingest(generateEventMix(EVENTS)))}\n`);
}
