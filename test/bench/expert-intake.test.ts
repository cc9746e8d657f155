import { describe, expect, it } from 'vitest';
import { generateEventMix } from '../../bench/support/event-mix.js';
import { ExpertIntake } from '../../bench/support/expert-intake.js';
import { type RecordedTransaction, recordIntake } from '../../bench/support/port-recorder.js';

// The same-work baselines are only worth their name if they write exactly the rows contactkit writes:
// the expert's intake, run with the same clock and id source, must hand its storage the same rows, batch
// by batch, in the same order.

/** The rows a recorded transaction wrote, by the repository call that wrote them. */
function writesOf(transaction: RecordedTransaction) {
  const of = (repository: string, method: string) =>
    (transaction.calls.find((c) => c.repository === repository && c.method === method)?.args[0] as
      | unknown[]
      | undefined) ?? [];
  return {
    insertContacts: of('contacts', 'insertMany'),
    updateContacts: of('contacts', 'updateMany'),
    identities: of('identities', 'insertMany'),
    newConversations: of('conversations', 'insert'),
    changedConversations: of('conversations', 'put'),
    processed: of('processedEvents', 'insert'),
    ledger: of('scoreLedger', 'insert'),
    merges: transaction.calls
      .filter((c) => c.repository === 'merges' && c.method === 'insert')
      .map((c) => c.args[0]),
    log: of('log', 'append'),
  };
}

const counter = () => {
  let n = 0;
  return () => `id_${++n}`;
};

describe('the same-work baselines’ intake (bench/support/expert-intake.ts)', () => {
  it.each([
    { seed: 7, events: 6_000, batch: 500, mergesInBatch: true },
    // Small batches: more merges of contacts stored by an earlier batch, and chains of them.
    { seed: 11, events: 4_000, batch: 100, mergesInBatch: false },
  ])(
    'writes exactly the rows contactkit writes for the bench’s mix, batch by batch (seed $seed, batches of $batch)',
    async (mix) => {
      const events = generateEventMix(mix.events, { seed: mix.seed });
      const BATCH = mix.batch;
      const clock = () => new Date('2026-03-01T12:00:00Z');
      const recorded = await recordIntake(events, BATCH, { clock, ids: counter() });
      const expert = new ExpertIntake(counter(), clock);
      expect(recorded).toHaveLength(events.length / BATCH);
      recorded.forEach((transaction, i) => {
        const mine = expert.batch(events.slice(i * BATCH, (i + 1) * BATCH));
        expect(mine).toEqual(writesOf(transaction));
      });
      // The mix exercised what the baseline claims to do: contacts made and updated, identities attached
      // by cross-channel visits, conversations started, merges of contacts made in the batch and of
      // stored ones (whose record lists every table), timeline entries. (Its conversations never span two
      // batches, and the default rules award no score.)
      const totals = recorded.map(writesOf).reduce(
        (sum, w) => {
          for (const [k, v] of Object.entries(w)) sum[k] = (sum[k] ?? 0) + v.length;
          return sum;
        },
        {} as Record<string, number>,
      );
      for (const table of [
        'insertContacts',
        'updateContacts',
        'identities',
        'newConversations',
        'merges',
        'log',
      ])
        expect(totals[table], table).toBeGreaterThan(0);
      const stored = expert.mergeRecords.filter((r) => 'consents' in r.rows[0]!.rows);
      expect(stored.length).toBeGreaterThan(0);
      if (mix.mergesInBatch) expect(stored.length).toBeLessThan(expert.mergeRecords.length);
      expect(expert.log).toHaveLength(totals.log!);
    },
  );

  it('fails when a row differs: a changed rule is caught, not averaged away', async () => {
    const events = generateEventMix(400, { seed: 8 });
    const clock = () => new Date('2026-03-01T12:00:00Z');
    const [transaction] = await recordIntake(events, 400, { clock, ids: counter() });
    const later = () => new Date('2026-03-01T12:00:01Z');
    const mine = new ExpertIntake(counter(), later).batch(events);
    expect(mine).not.toEqual(writesOf(transaction!));
  });
});
