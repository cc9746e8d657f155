import { MemoryStore } from '../../adapters/memory/index.js';
import { normalizeEmail } from '../../src/normalize/email.js';
import { createContactService } from '../../src/service/index.js';
import { type BenchGroup, cpuSecondsSince, result } from '../harness.js';
import { generateEventMix } from '../support/event-mix.js';

const EVENTS = 100_000;
const BATCH = 1_000;

/**
 * `ingest.memory.events_per_s`: the realistic mix through the whole service on the memory adapter.
 * Baseline: the least any intake must do for the same events: look each identity up in a Map and
 * insert the missing ones, with emails lower-cased and phones reduced to digits (no resolution rules,
 * no timeline, no outbox, no transactions).
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

    const service = createContactService({ store: new MemoryStore(), batchSize: BATCH });
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < events.length; i += BATCH) {
      const results = await service.ingestBatch(events.slice(i, i + BATCH));
      if (results.some((r) => !r.ok)) throw new Error('bench: an event was refused');
    }
    const rate = EVENTS / ((performance.now() - start) / 1000);
    const cpuRate = EVENTS / cpuSecondsSince(cpu);
    return [
      result('ingest.memory.events_per_s', rate, 'events/s', baselineRate),
      // Per CPU-second of this process: what a busy machine disturbs least (GC threads count too).
      result('ingest.memory.events_per_cpu_s', cpuRate, 'events/s', baselineCpuRate),
    ];
  },
};
export default group;
