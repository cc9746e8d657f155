/**
 * `classify.contacts_per_s`: everything `classifyContact` derives (status, stage, score, grade,
 * temperature, sentiment, VIP and at-risk flags, completeness, spend in the workspace currency and
 * predicted spend) for 1,000,000 in-memory contacts, each scored by 20 ledger entries.
 *
 * Each contact carries the compact scoring state its 20 entries left (built by `applySignals`), not
 * the entries themselves: the state is what intake and the reclassify sweep read, so that a sweep over
 * a million contacts does not read twenty million ledger rows. The scoring tests prove that the score
 * read from the state equals the decayed sum of the ledger at any `now`.
 *
 * Baseline: a bare loop over the same contacts that reads every fact classification reads (each time,
 * score accumulator, sentiment, spend total, tag and field) and folds them into one number: the cost
 * of walking the data, with no rule applied and nothing built.
 *
 * `CLASSIFY_BENCH_CONTACTS` sets the number of contacts (default 1,000,000).
 */
import {
  type ClassificationRules,
  type ContactFacts,
  classifyContact,
  parseClassificationConfig,
  recordSentiment,
} from '../../src/classify/index.js';
import { seededRng } from '../../src/dedupe/prng.js';
import type { SentimentState } from '../../src/model/classification.js';
import type { ScoreState } from '../../src/model/score-ledger.js';
import { applySignals, DEFAULT_SCORING_CONFIG, type ScoreSignal } from '../../src/scoring/index.js';
import { type BenchGroup, result, throughput } from '../harness.js';

const CONTACTS = Number(process.env.CLASSIFY_BENCH_CONTACTS ?? 1_000_000);
const ENTRIES = 20;
/** Distinct scoring histories; each contact takes one, shifted in time. */
const TEMPLATES = 2_000;
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00.000Z');

const SIGNALS: readonly ((at: Date) => ScoreSignal)[] = [
  (at) => ({ kind: 'action', action: 'message', at }),
  (at) => ({ kind: 'action', action: 'message', at }),
  (at) => ({ kind: 'action', action: 'message', at }),
  (at) => ({ kind: 'intent', intent: 'pricing', confidence: 0.9, at }),
  (at) => ({ kind: 'intent', intent: 'purchase', confidence: 0.8, at }),
  (at) => ({ kind: 'action', action: 'booking_attempt', at }),
  (at) => ({ kind: 'action', action: 'order', at }),
  (at) => ({ kind: 'action', action: 'form_submitted', at }),
  (at) => ({ kind: 'manual', points: 5, category: 'manual', at }),
  (at) => ({ kind: 'stage', stage: 'comparing', at }),
];

/** Scoring states of contacts whose ledgers hold exactly 20 entries, over the last 200 days. */
function templates(random: () => number): ScoreState[] {
  const out: ScoreState[] = [];
  while (out.length < TEMPLATES) {
    let state: ScoreState | null = null;
    let entries = 0;
    let guard = 0;
    while (entries < ENTRIES && guard++ < 200) {
      const at = new Date(NOW - Math.floor(random() * 200 * DAY));
      const make = SIGNALS[Math.floor(random() * SIGNALS.length)]!;
      const scored = applySignals(state, [make(at)], DEFAULT_SCORING_CONFIG, {
        workspaceId: 'bench',
        contactId: 'c',
        now: new Date(NOW),
      });
      if (entries + scored.entries.length > ENTRIES) continue;
      state = scored.state;
      entries += scored.entries.length;
    }
    if (state !== null && entries === ENTRIES) out.push(state);
  }
  return out;
}

/** The template shifted back by `shiftMs`, as the contact's own objects (its rule tallies are shared: classification never reads them). */
function shifted(t: ScoreState, shiftMs: number): ScoreState {
  return {
    ...t,
    latestAtMs: t.latestAtMs === null ? null : t.latestAtMs - shiftMs,
    accumulators: t.accumulators.map((a) => ({ ...a, asOfMs: a.asOfMs - shiftMs })),
    buyingIntentAtMs: t.buyingIntentAtMs === null ? null : t.buyingIntentAtMs - shiftMs,
    stageSignal: t.stageSignal === null ? null : { ...t.stageSignal, atMs: t.stageSignal.atMs - shiftMs },
  };
}

const FIELD_SETS = [[], ['name'], ['name', 'email'], ['name', 'email', 'phone'], ['email', 'company']];
const TAG_SETS = [[], ['vip'], ['qualified'], ['newsletter', 'spring']];

function contacts(n: number): ContactFacts[] {
  const random = seededRng(16);
  const pool = templates(random);
  const out: ContactFacts[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const shiftMs = Math.floor(random() * 60 * DAY);
    const firstSeen = NOW - shiftMs - 200 * DAY - Math.floor(random() * 300 * DAY);
    const lastInbound = NOW - shiftMs - Math.floor(random() * 120 * DAY);
    const orders = random() < 0.3 ? 1 + Math.floor(random() * 4) : 0;
    const lastOrder = NOW - shiftMs - Math.floor(random() * 150 * DAY);
    let sentiment: SentimentState | null = null;
    for (let m = Math.floor(random() * 6); m > 0; m--) {
      sentiment = recordSentiment(sentiment, random() * 2 - 1, new Date(lastInbound - m * 3_600_000), {
        recentSmoothing: 0.3,
        longSmoothing: 0.05,
      });
    }
    out[i] = {
      firstSeenAt: new Date(firstSeen),
      lastSeenAt: new Date(lastInbound + 60_000),
      lastInboundAt: new Date(lastInbound),
      messages: Math.floor(random() * 40),
      spend:
        orders === 0
          ? []
          : random() < 0.8
            ? [
                {
                  currency: 'USD',
                  orders,
                  amount: orders * 42.5,
                  ordersViaAssistant: 1,
                  amountViaAssistant: 42.5,
                },
              ]
            : [
                {
                  currency: 'USD',
                  orders,
                  amount: orders * 42.5,
                  ordersViaAssistant: 0,
                  amountViaAssistant: 0,
                },
                { currency: 'JPY', orders: 1, amount: 6400, ordersViaAssistant: 1, amountViaAssistant: 6400 },
              ],
      firstOrderAt: orders === 0 ? undefined : new Date(lastOrder - 40 * DAY),
      lastOrderAt: orders === 0 ? undefined : new Date(lastOrder),
      bookings: random() < 0.05 ? 1 : 0,
      lastBookingAt: undefined,
      tags: TAG_SETS[i % TAG_SETS.length]!,
      filledFields: FIELD_SETS[i % FIELD_SETS.length]!,
      manualStage: random() < 0.02 ? 'closing' : null,
      score: shifted(pool[i % pool.length]!, shiftMs),
      sentiment,
    };
  }
  return out;
}

/** The bare walk over the same data (see the file comment). */
function bareLoop(all: readonly ContactFacts[], now: number): number {
  let sink = 0;
  for (let i = 0; i < all.length; i++) {
    const f = all[i]!;
    sink += now - f.firstSeenAt.getTime() + (now - (f.lastInboundAt ?? f.lastSeenAt).getTime());
    sink += f.messages + f.bookings + f.tags.length + f.filledFields.length;
    if (f.lastOrderAt !== undefined) sink += f.lastOrderAt.getTime() - (f.firstOrderAt?.getTime() ?? 0);
    for (let j = 0; j < f.spend.length; j++) sink += f.spend[j]!.amount + f.spend[j]!.orders;
    const s = f.score;
    if (s) {
      for (let j = 0; j < s.accumulators.length; j++) sink += s.accumulators[j]!.value;
      sink += (s.buyingIntentAtMs ?? 0) + (s.stageSignal?.atMs ?? 0);
    }
    if (f.sentiment) sink += f.sentiment.mean + f.sentiment.fast - f.sentiment.slow;
    if (f.manualStage) sink += 1;
  }
  return sink;
}

const group: BenchGroup = {
  name: 'classify',
  async run() {
    const started = performance.now();
    const all = contacts(CONTACTS);
    const rules: ClassificationRules = {
      classification: parseClassificationConfig({
        spend: { currency: 'USD' },
        vip: { minSpend: 500 },
        atRisk: { worseningTrend: true },
      }),
      scoring: DEFAULT_SCORING_CONFIG,
    };
    const context = { now: new Date(NOW), rates: { JPY: 0.0067 } };
    const counts = new Map<string, number>();
    for (let i = 0; i < Math.min(all.length, 100_000); i++) {
      const c = classifyContact(all[i]!, rules, context);
      const key = `${c.status}/${c.grade}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const mix = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v}`);
    console.error(
      `  ${all.length} contacts × ${ENTRIES} ledger entries (as compact state), built in ${Math.round(performance.now() - started)} ms; commonest status/grade of the first 100k: ${mix.join(', ')}`,
    );

    let sink = 0;
    const rate = throughput(all.length, () => {
      for (let i = 0; i < all.length; i++) sink += classifyContact(all[i]!, rules, context).score;
    });
    const baseline = throughput(all.length, () => {
      sink += bareLoop(all, NOW);
    });
    if (sink === 0) console.error('  (nothing classified)');
    return [result('classify.contacts_per_s', rate, 'per_s', baseline)];
  },
};

export default group;
