import { describe, expect, it } from 'vitest';
import {
  type ClassificationRules,
  DEFAULT_CLASSIFICATION_CONFIG,
  decideStage,
  reclassify,
  StageConfigSchema,
} from '../../src/classify/index.js';
import type { JourneyStage, StageReason } from '../../src/model/classification.js';
import { DEFAULT_SCORING_CONFIG } from '../../src/scoring/index.js';
import { type FactsSketch, facts, NOW } from './facts.js';

const MINUTE = 1 / 1440;
const config = DEFAULT_CLASSIFICATION_CONFIG.stage; // follow-up after 3 days

type Row = [name: string, sketch: FactsSketch, stage: JourneyStage | null, reason: StageReason | null];

describe('journey stage: each rule, at the boundary of the follow-up window', () => {
  const rows: Row[] = [
    ['nothing said, no signal', {}, null, null],
    ['the contact wrote, no signal yet', { lastInbound: 0, messages: 1 }, 'inquiry', 'first_message'],
    ['a stage signal', { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0] }, 'comparing', 'signal'],
    [
      'a signal without any message (the host’s own logic)',
      { stageSignal: ['closing', 1], lastSeen: 1 },
      'closing',
      'signal',
    ],
    [
      'an open stage, a minute inside the follow-up window',
      { lastInbound: 3 - MINUTE, messages: 2, stageSignal: ['closing', 3 - MINUTE] },
      'closing',
      'signal',
    ],
    [
      'an open stage at the follow-up window’s end',
      { lastInbound: 3, messages: 2, stageSignal: ['closing', 3] },
      'follow_up',
      'silence',
    ],
    ['an inquiry left unanswered by the contact', { lastInbound: 5, messages: 1 }, 'follow_up', 'silence'],
    [
      'silence counts from the signal when it is later than the message',
      { lastInbound: 10, messages: 2, stageSignal: ['comparing', 1] },
      'comparing',
      'signal',
    ],
    [
      'an order after the latest signal',
      { lastInbound: 2, messages: 2, stageSignal: ['closing', 2], orders: 1, lastOrder: 1 },
      'in_progress',
      'conversion',
    ],
    [
      'an order and a signal at the same instant',
      { lastInbound: 2, messages: 2, stageSignal: ['closing', 2], orders: 1, lastOrder: 2 },
      'in_progress',
      'conversion',
    ],
    [
      'in progress stays in progress through silence',
      { lastInbound: 40, messages: 2, orders: 1, lastOrder: 40 },
      'in_progress',
      'conversion',
    ],
    [
      'a signal after the order starts a new round',
      { lastInbound: 1, messages: 2, orders: 1, lastOrder: 10, stageSignal: ['comparing', 1] },
      'comparing',
      'signal',
    ],
    [
      'a follow-up signal is not an open stage: it stays',
      { lastInbound: 20, messages: 2, stageSignal: ['follow_up', 20] },
      'follow_up',
      'signal',
    ],
    [
      'a manual stage wins over everything',
      { lastInbound: 40, messages: 2, orders: 1, stageSignal: ['closing', 0], manualStage: 'comparing' },
      'comparing',
      'manual',
    ],
  ];

  it.each(rows)('%s', (_name, sketch, stage, reason) => {
    const decision = decideStage(facts(sketch), config, NOW);
    expect(decision).toEqual({ stage, reason, setByHand: reason === 'manual' });
  });

  it('uses the workspace’s follow-up window', () => {
    const custom = StageConfigSchema.parse({ followUpAfterDays: 1 });
    expect(decideStage(facts({ lastInbound: 1, messages: 1 }), custom, NOW).stage).toBe('follow_up');
    expect(decideStage(facts({ lastInbound: 1 - MINUTE, messages: 1 }), custom, NOW).stage).toBe('inquiry');
  });
});

const rules: ClassificationRules = {
  classification: DEFAULT_CLASSIFICATION_CONFIG,
  scoring: DEFAULT_SCORING_CONFIG,
};

type Transition = [
  from: JourneyStage | null,
  to: JourneyStage | null,
  before: FactsSketch,
  after: FactsSketch,
  reason: StageReason | null,
];

describe('stage transitions, as the timeline records them', () => {
  const transitions: Transition[] = [
    [null, 'inquiry', {}, { lastInbound: 0, messages: 1 }, 'first_message'],
    [
      'inquiry',
      'comparing',
      { lastInbound: 1, messages: 1 },
      { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0] },
      'signal',
    ],
    [
      'comparing',
      'closing',
      { lastInbound: 1, messages: 2, stageSignal: ['comparing', 1] },
      { lastInbound: 0, messages: 3, stageSignal: ['closing', 0] },
      'signal',
    ],
    [
      'closing',
      'in_progress',
      { lastInbound: 1, messages: 3, stageSignal: ['closing', 1] },
      { lastInbound: 1, messages: 3, stageSignal: ['closing', 1], orders: 1, lastOrder: 0 },
      'conversion',
    ],
    [
      'inquiry',
      'follow_up',
      { lastInbound: 3 - MINUTE, messages: 1 },
      { lastInbound: 3, messages: 1 },
      'silence',
    ],
    [
      'comparing',
      'follow_up',
      { lastInbound: 2, messages: 2, stageSignal: ['comparing', 2] },
      { lastInbound: 4, messages: 2, stageSignal: ['comparing', 4] },
      'silence',
    ],
    [
      'closing',
      'follow_up',
      { lastInbound: 2, messages: 2, stageSignal: ['closing', 2] },
      { lastInbound: 3, messages: 2, stageSignal: ['closing', 3] },
      'silence',
    ],
    [
      'follow_up',
      'comparing',
      { lastInbound: 5, messages: 2, stageSignal: ['comparing', 5] },
      { lastInbound: 0, messages: 3, stageSignal: ['comparing', 5] },
      'signal',
    ],
    [
      'follow_up',
      'closing',
      { lastInbound: 5, messages: 1 },
      { lastInbound: 0, messages: 2, stageSignal: ['closing', 0] },
      'signal',
    ],
    [
      'in_progress',
      'comparing',
      { lastInbound: 5, messages: 2, orders: 1, lastOrder: 5 },
      { lastInbound: 0, messages: 3, orders: 1, lastOrder: 5, stageSignal: ['comparing', 0] },
      'signal',
    ],
    [
      'in_progress',
      'follow_up',
      { lastInbound: 5, messages: 2, orders: 1, lastOrder: 5 },
      { lastInbound: 0, messages: 3, orders: 1, lastOrder: 5, stageSignal: ['follow_up', 0] },
      'signal',
    ],
    [
      'comparing',
      'closing',
      { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0] },
      { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0], manualStage: 'closing' },
      'manual',
    ],
    [
      'closing',
      'comparing',
      { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0], manualStage: 'closing' },
      { lastInbound: 0, messages: 2, stageSignal: ['comparing', 0] },
      'signal',
    ],
    ['closing', null, { manualStage: 'closing' }, {}, null],
  ];

  it.each(transitions)('%s → %s', (from, to, before, after, reason) => {
    const stored = reclassify(null, facts(before), rules, { now: NOW }).classification;
    expect(stored.stage).toBe(from);
    const { classification, changes } = reclassify(stored, facts(after), rules, { now: NOW });
    expect(classification.stage).toBe(to);
    expect(changes.find((c) => c.field === 'stage')).toEqual({ field: 'stage', from, to, reason });
  });

  it('a manual stage sticks until cleared: new signals and orders do not move it', () => {
    const manual = { lastInbound: 0, messages: 2, manualStage: 'comparing' as const };
    const stored = reclassify(null, facts(manual), rules, { now: NOW }).classification;
    expect(stored.stageSetByHand).toBe(true);
    const later = { ...manual, stageSignal: ['closing', 0] as ['closing', number], orders: 1, lastOrder: 0 };
    const { classification, changes } = reclassify(stored, facts(later), rules, { now: NOW });
    expect(classification.stage).toBe('comparing');
    expect(changes.some((c) => c.field === 'stage')).toBe(false);
  });
});
