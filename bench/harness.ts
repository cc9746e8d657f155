/** One measured figure, as written to bench/results.json. */
export interface BenchResult {
  /** Dotted name, e.g. `normalize.phone.per_s`. */
  readonly name: string;
  readonly value: number;
  /** `per_s`, `s`, `MB`, `ratio`… */
  readonly unit: string;
  /** The same work done the plainest way, measured in the same run; null when there is none. */
  readonly baseline: number | null;
  /** value / baseline; null when there is no baseline. */
  readonly ratio: number | null;
}

/** A group of benchmarks, one file in bench/groups/. `npm run bench -- <name>` runs one group. */
export interface BenchGroup {
  readonly name: string;
  /** Runs the group and returns its figures. May print progress to stderr. */
  run(): Promise<BenchResult[]>;
}

/**
 * CPU time this process used since `since` (a `process.cpuUsage()` reading), in seconds: a figure a busy
 * machine disturbs less than wall time.
 */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Builds a result, computing the ratio from the baseline. */
export function result(
  name: string,
  value: number,
  unit: string,
  baseline: number | null = null,
): BenchResult {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
  };
}

/**
 * Runs `fn` over `iterations` items repeatedly until at least `minMs` passed, after a warm-up, and
 * returns items per second of the best round (the least disturbed by GC and the other core's load).
 */
export function throughput(iterations: number, fn: () => void, minMs = 300): number {
  fn();
  let best = 0;
  const start = performance.now();
  let rounds = 0;
  while (rounds < 3 || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    const ms = performance.now() - t0;
    best = Math.max(best, iterations / (ms / 1000));
    rounds++;
    if (rounds > 50) break;
  }
  return best;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}
