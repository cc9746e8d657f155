/**
 * The pure follow-up and review engine, without storage: what a sweep costs per contact on top of
 * reading its rows, and what the keyword markers cost intake per message. The storage sweep
 * (`followups.sweep.sqlite.contacts_per_s`) is measured where the store runs it.
 */
import { applyMessage, newConversationFacts } from '../../src/followups/apply-message.js';
import type { FollowUpContactFacts } from '../../src/followups/facts.js';
import { DEFAULT_MARKER_RULES } from '../../src/followups/markers.js';
import { planFollowUpSweep } from '../../src/followups/plan-sweep.js';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '../../src/followups/settings.js';
import { foldText } from '../../src/normalize/text.js';
import { planReviewSweep } from '../../src/review/plan-sweep.js';
import { DEFAULT_REVIEW_RULES } from '../../src/review/rules.js';
import { type BenchGroup, type BenchResult, result, throughput } from '../harness.js';

const CONTACTS = Number(process.env.CONTACTKIT_BENCH_FOLLOWUP_CONTACTS ?? 200_000);
const BATCH = 1000;
const HOUR = 3_600_000;
const NOW = new Date('2026-01-15T12:00:00Z');
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Sao_Paulo'];
const TEXTS = [
  'Hi, how much is the blue one in size M?',
  "Thanks! I'll get back to you tomorrow with the quote.",
  'Ok, I will think about it and let you know',
  'Can I book a table for two tonight at 8?',
  'Where is my order #4411? It was due on Monday.',
];

// 10% of contacts have an active conversation; a third of those went quiet a day ago (ghosting due).
function contacts(): FollowUpContactFacts[] {
  const out: FollowUpContactFacts[] = [];
  for (let i = 0; i < CONTACTS; i++) {
    const active = i % 10 === 0;
    const quietFor = (i % 3 === 0 ? 26 : 2) * HOUR;
    out.push({
      contactId: `c${i}`,
      timezone: ZONES[i % ZONES.length] as string,
      conversations: active
        ? [
            {
              conversationId: `conv${i}`,
              channel: i % 20 === 0 ? 'whatsapp' : 'web',
              status: 'open',
              startedAt: new Date(NOW.getTime() - 30 * HOUR),
              lastCustomer: {
                at: new Date(NOW.getTime() - quietFor - 60_000),
                text: 'how much?',
                intent: 'pricing',
              },
              lastOutbound: { at: new Date(NOW.getTime() - quietFor), role: 'ai', question: true },
              intent: { name: 'pricing', at: new Date(NOW.getTime() - quietFor - 60_000) },
              exchanges: 3,
              attemptsSinceReply: 0,
            },
          ]
        : [],
    });
  }
  return out;
}

const group: BenchGroup = {
  name: 'followups',
  async run(): Promise<BenchResult[]> {
    const all = contacts();
    const batches: FollowUpContactFacts[][] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));

    let created = 0;
    const engine = throughput(all.length, () => {
      created = 0;
      for (const batch of batches) {
        created += planFollowUpSweep({ contacts: batch, settings: DEFAULT_FOLLOW_UP_SETTINGS, now: NOW })
          .create.length;
        planReviewSweep({ contacts: batch, rules: DEFAULT_REVIEW_RULES, now: NOW });
      }
    });
    // Baseline: a bare pass over the same facts that finds the conversations quiet for a day.
    let quiet = 0;
    const bare = throughput(all.length, () => {
      quiet = 0;
      const cutoff = NOW.getTime() - 24 * HOUR;
      for (const batch of batches) {
        for (const contact of batch) {
          for (const c of contact.conversations) if ((c.lastOutbound?.at.getTime() ?? 0) <= cutoff) quiet++;
        }
      }
    });
    console.error(
      `  ${all.length} contacts: ${created} follow-ups planned (${quiet} conversations quiet for a day)`,
    );

    const start = newConversationFacts({ conversationId: 'c', channel: 'web', startedAt: NOW });
    const messages = TEXTS.map((text, i) => ({
      at: new Date(NOW.getTime() + i),
      role: i % 2 === 0 ? ('customer' as const) : ('ai' as const),
      text,
    }));
    const ROUNDS = 20_000;
    const markers = throughput(ROUNDS * messages.length, () => {
      for (let r = 0; r < ROUNDS; r++) {
        let facts = start;
        for (const m of messages) facts = applyMessage(facts, m, DEFAULT_MARKER_RULES);
      }
    });
    // Baseline: folding the same texts, the least any keyword matcher does to each message.
    let folded = 0;
    const fold = throughput(ROUNDS * messages.length, () => {
      for (let r = 0; r < ROUNDS; r++) for (const m of messages) folded += foldText(m.text).length;
    });
    if (folded === 0) throw new Error('nothing folded');

    return [
      result('followups.plan.contacts_per_s', engine, 'per_s', bare),
      result('followups.markers.messages_per_s', markers, 'per_s', fold),
    ];
  },
};
export default group;
