import { type Rng, randomInt, seededRng } from '../dedupe/prng.js';
import {
  type ConversationFigures,
  type FigureMessage,
  NEW_CONVERSATION_FIGURES,
  recordMessageFigures,
} from '../intake/conversation-figures.js';
import type { Classification } from '../model/classification.js';
import type { Contact } from '../model/contact.js';
import type { ConversationSummary } from '../model/conversation.js';
import type { CustomFieldValue } from '../model/custom-field.js';
import { CONTACT_SORT_FIELDS, type ContactSort } from '../ports/contact-query.js';
import {
  CUSTOM_FIELD_OPS,
  SEGMENT_DATE_FIELDS,
  SEGMENT_NUMBER_FIELDS,
  SEGMENT_PERIODS,
  type SegmentFilterInput,
} from '../segments/filter.js';
import { makeContact } from './fixtures.js';

/*
 * Generated contacts and filter trees for the `lists` group: seeded, so a failure names a seed that
 * reproduces it, and drawn from small pools of awkward values (accents, case, SQL and LIKE characters,
 * phone formats, every custom value type) so that filters hit and miss often.
 */

/** The instant generated data and relative filters are measured from. */
export const LIST_NOW = new Date('2026-06-15T12:00:00.000Z');
/** The time zone generated calendar periods are read in. */
export const LIST_TIME_ZONE = 'America/Sao_Paulo';

const DAY = 86_400_000;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[randomInt(rng, items.length)]!;
const maybe = (rng: Rng, p = 0.5) => rng() < p;

const NAMES = [
  'Ana Lima',
  'ana lima',
  'José García',
  'Jose Garcia',
  'Zoë Ødegaard',
  "O'Brien",
  '李雷',
  '50% off_\\',
  'Émile',
  'zed',
];
const EMAILS = ['ana@example.com', 'JOSE@Example.com', 'x_y%z@test.io', "o'brien@mail.ie"];
const PHONES = ['+1 (415) 555-2671', '+14155552671', '+55 11 91234-5678', '020 7946 0018'];
const TAGS = ['VIP', 'vip', 'Trial', 'café', 'cafe', '%', '_', 'a\\b', "'; drop table contacts; --"];
const CHANNELS = ['web', 'WhatsApp', 'whatsapp', 'sms', 'Instagram'];
const LOCATIONS = ['Lisboa', 'lisboa', 'São Paulo', 'Sao Paulo', 'Porto'];
const CITIES = ['Lisboa', 'München', 'New York', '100%'];
const SOURCES = ['chat_widget', 'lead_form', 'manual', 'email', 'import', 'api'] as const;
const STATUSES = ['new', 'active', 'qualified', 'converted', 'inactive', 'churned'] as const;
const STAGES = ['inquiry', 'comparing', 'closing', 'in_progress', 'follow_up'] as const;
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
const TEMPS = ['hot', 'warm', 'cold'] as const;
const LEVELS = ['very_negative', 'negative', 'neutral', 'positive', 'very_positive'] as const;
const CUSTOM_KEYS = ['plan', 'seats', 'beta', 'renewsAt', 'langs', 'constructor'];
const TEXTS = ['Pro', 'pro', 'Básico', 'basico', '50%', 'a_b', "'; drop table contacts; --"];
const SCORES = [0, 5, 12.5, 40, 40, 99.75, -3];
/** Consent purposes: compared exactly, so case, accents and object-prototype names must stay apart. */
const PURPOSES = [
  'email_marketing',
  'Email_Marketing',
  'sms',
  'café',
  'cafe\u0301',
  'cafe',
  '__proto__',
  '"quoted"',
  "'; --%_\\",
];
const QUERIES = [
  'ana',
  'ANA LI',
  'jose',
  'garcía',
  '555 2671',
  '(415) 555',
  '5678',
  '%',
  '_',
  '\\',
  "o'b",
  'lisboa',
  '100%',
  'zz',
  'example.com',
  '李',
];

function customValue(rng: Rng, key: string): CustomFieldValue {
  switch (key) {
    case 'seats':
      return pick(rng, [1, 3, 3, 10, 2.5]);
    case 'beta':
      return maybe(rng);
    case 'renewsAt':
      return new Date(LIST_NOW.getTime() + (randomInt(rng, 120) - 60) * DAY);
    case 'langs':
      return pick(rng, [['pt', 'en'], ['EN'], [], ['Français']]);
    default:
      return pick(rng, [...TEXTS, 7, true]);
  }
}

function classificationOf(rng: Rng): Classification {
  const sentiment = maybe(rng, 0.6)
    ? {
        level: pick(rng, LEVELS),
        value: pick(rng, [-0.75, -0.25, 0, 0.5, 1]),
        mean: 0,
        trend: 'steady' as const,
        messages: 2,
      }
    : null;
  const predicted = pick(rng, [0, 25.5, 100]);
  return {
    status: pick(rng, STATUSES),
    statusReason: 'new_contact',
    stage: maybe(rng, 0.7) ? pick(rng, STAGES) : null,
    stageReason: null,
    stageSetByHand: false,
    score: pick(rng, SCORES),
    grade: pick(rng, GRADES),
    temperature: pick(rng, TEMPS),
    sentiment,
    vip: maybe(rng, 0.3),
    atRisk: maybe(rng, 0.3),
    flagReasons: { vip: [], atRisk: [] },
    completeness: pick(rng, [0, 0.25, 0.5, 1]),
    spentTotal: null,
    predictedSpend: {
      basis: 'no_orders',
      horizonDays: 90,
      orders: 0,
      observedDays: 0,
      ordersPerDay: 0,
      expectedOrders: 0,
      byCurrency: [],
      total: maybe(rng, 0.8) ? { currency: 'USD', amount: predicted, missingRates: [] } : null,
    },
    ruleSetVersion: null,
    classifiedAt: LIST_NOW,
  } as unknown as Classification;
}

/** Sometimes a consent in force (as `consentInForce` gives it: one entry per purpose, sorted). */
function consentOf(rng: Rng): Pick<Contact, 'consent'> {
  if (!maybe(rng, 0.6)) return {};
  const consent = PURPOSES.filter(() => maybe(rng, 0.35))
    .sort((a, b) => (a < b ? -1 : 1))
    .map((purpose) => ({
      purpose,
      status: maybe(rng) ? ('granted' as const) : ('revoked' as const),
      at: new Date(LIST_NOW.getTime() - randomInt(rng, 60) * DAY),
    }));
  return consent.length === 0 ? {} : { consent };
}

/** `n` generated contacts of a workspace, ids `<prefix>0`, `<prefix>1`, … */
export function generateContacts(seed: number, workspaceId: string, n: number, prefix = 'c'): Contact[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const created = LIST_NOW.getTime() - randomInt(rng, 90) * DAY - randomInt(rng, DAY);
    const seen = created + randomInt(rng, 30) * DAY;
    const orders = pick(rng, [0, 0, 1, 3]);
    const viaAssistant = orders > 0 ? randomInt(rng, orders + 1) : 0;
    const custom: Record<string, CustomFieldValue> = {};
    for (const key of CUSTOM_KEYS) if (maybe(rng, 0.35)) custom[key] = customValue(rng, key);
    const nameStyle = randomInt(rng, 4);
    const profile: Contact['profile'] = {
      ...(nameStyle === 0
        ? {}
        : nameStyle === 1
          ? { firstName: pick(rng, NAMES), lastName: 'Silva' }
          : { name: pick(rng, NAMES) }),
      ...(maybe(rng, 0.6) ? { email: pick(rng, EMAILS) } : {}),
      ...(maybe(rng, 0.5) ? { phone: pick(rng, PHONES) } : {}),
      ...(maybe(rng, 0.3) ? { location: pick(rng, LOCATIONS) } : {}),
      ...(maybe(rng, 0.3) ? { address: { city: pick(rng, CITIES), line1: 'Rua 1' } } : {}),
    };
    return makeContact(workspaceId, `${prefix}${i}`, {
      kind: maybe(rng) ? 'lead' : 'customer',
      source: pick(rng, SOURCES),
      profile,
      tags: [...new Set(Array.from({ length: randomInt(rng, 3) }, () => pick(rng, TAGS)))],
      channels: [...new Set(Array.from({ length: randomInt(rng, 3) }, () => pick(rng, CHANNELS)))],
      customFields: custom,
      ...(maybe(rng, 0.75) ? { classification: classificationOf(rng) } : {}),
      ...consentOf(rng),
      stats: {
        conversations: pick(rng, [0, 1, 2, 5]),
        messages: randomInt(rng, 20),
        firstSeenAt: new Date(created),
        lastSeenAt: new Date(seen),
        orders,
        amountSpent: orders === 0 ? 0 : pick(rng, [10, 19.5, 250.25]),
        ...(orders > 0 ? { lastOrderAt: new Date(seen) } : {}),
        ...(orders > 0
          ? {
              spend: [
                {
                  // Two currencies, so that revenue through the assistant is summed per currency.
                  currency: viaAssistant % 2 === 0 ? 'USD' : 'EUR',
                  orders,
                  amount: 10,
                  ordersViaAssistant: viaAssistant,
                  amountViaAssistant: viaAssistant * 2.25,
                },
              ],
            }
          : {}),
        ...(maybe(rng, 0.2) ? { bookings: 1 } : {}),
      },
      createdAt: new Date(created),
      updatedAt: new Date(seen),
      ...(maybe(rng, 0.08) ? { deletedAt: new Date(seen) } : {}),
    });
  });
}

const ROLES = ['customer', 'customer', 'customer', 'ai', 'agent', 'system'] as const;
// Quarters: their sums are exact in any order, so every store's sums agree to the last bit.
const SCORES_OF_MESSAGES = [-1, -0.75, -0.25, 0, 0.25, 0.5, 1] as const;
// From just before a São Paulo midnight to just after, an afternoon, and a reply a month later (past
// what a 32-bit column holds in milliseconds).
const MESSAGE_OFFSETS = [0, 1, 59_000, 3_600_000, 5 * 3_600_000, 30 * DAY] as const;
const START_OFFSETS = [-1, 0, 1, 12 * 3_600_000, DAY - 1] as const;

/**
 * `n` generated conversations of a workspace's contacts (ids `<prefix>0`, …), started from 2026-05-30
 * to 2026-06-17 in {@link LIST_TIME_ZONE}, often a millisecond either side of midnight there. Each has
 * a few messages (customer, AI, agent, system; scored or not) played through `recordMessageFigures`
 * in a shuffled order, as events arrive; a few are of no contact (unlinked), of a contact that does not
 * exist, or stored before the figures were kept.
 */
export function generateConversations(
  seed: number,
  workspaceId: string,
  contacts: readonly Contact[],
  n: number,
  prefix = 'v',
): ConversationSummary[] {
  const rng = seededRng(seed);
  // 2026-05-30T00:00 in São Paulo (UTC-3, no daylight saving time).
  const first = Date.UTC(2026, 4, 30, 3);
  return Array.from({ length: n }, (_, i) => {
    const owner = maybe(rng, 0.06) ? undefined : maybe(rng, 0.04) ? 'ghost' : pick(rng, contacts).id;
    const startedAt = new Date(first + randomInt(rng, 19) * DAY + pick(rng, START_OFFSETS));
    const messages: FigureMessage[] = Array.from({ length: randomInt(rng, 7) }, () => {
      const at = new Date(startedAt.getTime() + pick(rng, MESSAGE_OFFSETS) + randomInt(rng, 600_000));
      const role = pick(rng, ROLES);
      return maybe(rng, 0.6) ? { at, role, sentiment: pick(rng, SCORES_OF_MESSAGES) } : { at, role };
    });
    for (let k = messages.length - 1; k > 0; k--) {
      const j = randomInt(rng, k + 1);
      [messages[k], messages[j]] = [messages[j]!, messages[k]!];
    }
    const from: ConversationFigures = maybe(rng, 0.1) ? {} : NEW_CONVERSATION_FIGURES;
    const figures = messages.reduce(recordMessageFigures, from);
    return {
      workspaceId,
      id: `${prefix}${i}`,
      ...(owner === undefined ? {} : { contactId: owner }),
      channel: pick(rng, ['web', 'whatsapp']),
      status: 'open' as const,
      startedAt,
      messageCount: messages.length,
      escalated: false,
      ...figures,
    };
  });
}

function predicate(rng: Rng, ids: readonly string[]): SegmentFilterInput {
  switch (randomInt(rng, 21)) {
    case 0:
      return { type: 'kind', is: pick(rng, ['lead', 'customer'] as const) };
    case 1:
      return { type: 'status', any: [pick(rng, STATUSES), pick(rng, STATUSES)] };
    case 2:
      return pick(rng, [
        { type: 'stage', any: [pick(rng, STAGES)] },
        { type: 'grade', any: [pick(rng, GRADES), pick(rng, GRADES)] },
        { type: 'temperature', any: [pick(rng, TEMPS)] },
        { type: 'sentiment', any: [pick(rng, LEVELS), pick(rng, LEVELS)] },
      ] as const);
    case 3:
      return { type: 'flag', flag: pick(rng, ['vip', 'atRisk'] as const), is: maybe(rng) };
    case 4: {
      const field = pick(rng, SEGMENT_NUMBER_FIELDS);
      const a = pick(rng, [0, 1, 2, 5, 12.5, 25.5, 40, 0.25, -1]);
      return maybe(rng)
        ? { type: 'range', field, min: a }
        : { type: 'range', field, max: a, ...(maybe(rng) ? { min: -5 } : {}) };
    }
    case 5:
      return { type: 'orders', is: pick(rng, ['never', 'placed', 'viaAssistant'] as const) };
    case 6:
      return { type: 'has', field: pick(rng, ['email', 'phone'] as const) };
    case 7:
      return {
        type: 'tags',
        has: pick(rng, ['any', 'all', 'none'] as const),
        values: [pick(rng, TAGS), pick(rng, TAGS)],
      };
    case 8:
      return { type: 'channel', any: [pick(rng, CHANNELS)] };
    case 9:
      return { type: 'source', any: [pick(rng, SOURCES), pick(rng, SOURCES)] };
    case 10:
      return { type: 'location', any: [pick(rng, LOCATIONS)] };
    case 11: {
      const field = pick(rng, SEGMENT_DATE_FIELDS);
      switch (randomInt(rng, 4)) {
        case 0:
          return { type: 'date', field, withinDays: randomInt(rng, 60) };
        case 1:
          return { type: 'date', field, olderThanDays: randomInt(rng, 60) };
        case 2:
          return { type: 'date', field, period: pick(rng, SEGMENT_PERIODS) };
        default:
          return {
            type: 'date',
            field,
            after: new Date(LIST_NOW.getTime() - randomInt(rng, 90) * 86_400_000).toISOString(),
            ...(maybe(rng) ? { before: new Date(LIST_NOW.getTime() - randomInt(rng, 30) * 86_400_000) } : {}),
          };
      }
    }
    case 12:
    case 13: {
      const key = pick(rng, CUSTOM_KEYS);
      const op = pick(rng, CUSTOM_FIELD_OPS);
      if (op === 'exists') return { type: 'custom', key, op };
      const value = pick(rng, [
        ...TEXTS,
        3,
        2.5,
        true,
        false,
        LIST_NOW.toISOString().slice(0, 10),
        new Date(LIST_NOW.getTime() + 10 * 86_400_000),
        ['en', 'pt'],
        'en',
        'EN',
      ] as const);
      return {
        type: 'custom',
        key,
        op,
        value: Array.isArray(value) ? [...value] : value,
      } as SegmentFilterInput;
    }
    case 14:
    case 15:
      return { type: 'text', query: pick(rng, QUERIES) };
    case 16:
      return { type: 'ids', any: [pick(rng, ids), pick(rng, ids), 'nobody'] };
    case 17:
      return {
        type: 'consent',
        purpose: pick(rng, [...PURPOSES, 'never_asked', 'constructor']),
        is: pick(rng, ['granted', 'revoked'] as const),
      };
    default:
      return pick(rng, [
        { type: 'all' },
        { type: 'orders', is: 'never' },
        { type: 'kind', is: 'lead' },
      ] as const);
  }
}

/** A generated filter tree, at most `depth` operators deep. */
export function generateFilter(rng: Rng, ids: readonly string[], depth = 3): SegmentFilterInput {
  if (depth === 0 || maybe(rng, 0.45)) return predicate(rng, ids);
  const op = randomInt(rng, 3);
  if (op === 2) return { type: 'not', filter: generateFilter(rng, ids, depth - 1) };
  return {
    type: op === 0 ? 'and' : 'or',
    filters: Array.from({ length: randomInt(rng, 4) }, () => generateFilter(rng, ids, depth - 1)),
  };
}

/** A generated sort. */
export function generateSort(rng: Rng): ContactSort {
  return { field: pick(rng, CONTACT_SORT_FIELDS), direction: maybe(rng) ? 'asc' : 'desc' };
}

export { seededRng };
