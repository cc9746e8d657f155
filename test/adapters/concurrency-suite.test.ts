import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { MemoryStore } from '../../adapters/memory/index.js';
import { type ConcurrencyOptions, runConcurrencySuite } from '../../src/testing/index.js';

/*
 * The concurrency suite itself, on the memory store at a small scale: its tests are collected through a
 * describe/it of our own and run here, so that a store that loses writes is seen to fail them.
 */

type Places = Pick<ConcurrencyOptions, 'createPlace' | 'open' | 'dropPlace'>;

/** Each place is one MemoryStore, shared by every "connection" opened on it. */
function memoryPlaces(): Places {
  const places = new Map<string, MemoryStore>();
  let n = 0;
  return {
    createPlace: async (name) => {
      const place = `${name}_${++n}`;
      places.set(place, new MemoryStore());
      return place;
    },
    open: async (place) => ({ store: places.get(place)!, close: () => undefined }),
    dropPlace: async (place) => void places.delete(place),
  };
}

/** Registers the suite with a describe/it that collect its tests, and what it reported. */
function collect(places: Places) {
  const tests = new Map<string, () => Promise<void>>();
  const reports: string[] = [];
  runConcurrencySuite({
    describe: (_name, fn) => fn(),
    it: (name, fn) => void tests.set(name, fn),
    scale: 0.05,
    sizes: { killEvents: 2_000 },
    report: (message) => void reports.push(message),
    ...places,
  });
  return { tests, reports };
}

describe('the concurrency suite', () => {
  it('passes a store that keeps every write, and reports the kill test as skipped, by name, without multiProcess', async () => {
    const { tests, reports } = collect(memoryPlaces());
    assert.equal(tests.size, 3);
    for (const test of tests.values()) await test();
    assert.ok(
      reports.some((r) => /^\[skipped\] .* a process killed .*: .*multiProcess/.test(r)),
      reports.join('\n'),
    );
    assert.ok(reports.some((r) => /overlapping: \d+ of \d+ calls ran out of retries/.test(r)));
  }, 60_000);

  it('fails a store whose connections do not reach the same data', async () => {
    const places = memoryPlaces();
    // Every connection gets a store of its own: each worker's writes are invisible to the others.
    const { tests } = collect({
      ...places,
      open: async () => ({ store: new MemoryStore(), close: () => undefined }),
    });
    const [overlap, merging] = [...tests.values()];
    await assert.rejects(overlap!(), /a person got more than one contact, or none/);
    await assert.rejects(merging!(), /a person has more than one contact, or none/);
  }, 60_000);
});
