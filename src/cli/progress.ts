import cliProgress from 'cli-progress';

/** Progress of a long job: a bar on a terminal, a plain line now and then otherwise. */
export interface Progress {
  /** `done` of `total` (bytes, rows…), and the rows handled so far. */
  update(done: number, rows: number): void;
  stop(): void;
}

/** How often the plain (not a terminal) form writes a line: logs get a heartbeat, not a flood. */
const LINE_EVERY_MS = 5_000;

/**
 * Progress on stderr for `label`: with a terminal, a bar counting rows (and the share of `total`);
 * without one (a log, a pipe, CI), a line such as "import: 120000 rows (45%)" every five seconds,
 * so a short job prints none. `total` 0 means unknown: rows only.
 *
 * @example
 * ```ts
 * const bar = progress('import', size);
 * bar.update(bytesRead, rowsDone);
 * bar.stop();
 * ```
 */
export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  clock: () => number = Date.now,
): Progress {
  const share = (done: number) => (total > 0 ? ` (${Math.min(100, Math.floor((100 * done) / total))}%)` : '');
  if (!stream.isTTY) {
    let last = clock();
    return {
      update: (done, rows) => {
        const now = clock();
        if (now - last < LINE_EVERY_MS) return;
        last = now;
        stream.write(`${label}: ${rows} rows${share(done)}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {rows} rows`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { rows: 0 });
  return {
    update: (done, rows) => bar.update(Math.min(done, Math.max(total, 1)), { rows }),
    stop: () => bar.stop(),
  };
}
