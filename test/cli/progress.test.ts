import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress.js';

/** A stream that records what is written, as a terminal or not. */
function sink(tty: boolean) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, {
    isTTY: tty,
    columns: 100,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, text: () => text };
}

describe('progress', () => {
  it('on a terminal, the bar counts rows, not only bytes', async () => {
    const out = sink(true);
    const bar = progress('import', 1000, out.stream);
    bar.update(500, 1234);
    await new Promise((r) => setTimeout(r, 250));
    expect(out.text()).toContain('1234 rows');
    expect(out.text()).toContain('50%');
    bar.stop();
  });

  it('elsewhere, writes a plain line every five seconds and nothing sooner', () => {
    const out = sink(false);
    let now = 0;
    const bar = progress('import', 1000, out.stream, () => now);
    now = 1000;
    bar.update(100, 10);
    expect(out.text()).toBe('');
    now = 6000;
    bar.update(450, 90);
    expect(out.text()).toBe('import: 90 rows (45%)\n');
    bar.stop();
  });
});
