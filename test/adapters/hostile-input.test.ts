import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ValidationError } from '../../src/errors/errors.js';
import type { IngestResult } from '../../src/intake/outcome.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { type AdapterKit, type ThreeStores, threeStores } from '../support/three-stores.js';

/*
 * Issue 12's probes, on memory, SQLite and Postgres: input that one store refused with a raw driver error
 * (or that the stores kept differently) now gets one answer everywhere, decided by the schemas.
 */

let stores: ThreeStores;
let adapters: readonly AdapterKit[];
beforeAll(async () => {
  stores = await threeStores();
  console.info(`hostile input: postgres on ${stores.postgresEngine}`);
});
afterAll(async () => stores?.close());

let seq = 0;
const event = (overrides: Partial<ChatEventInput> = {}): ChatEventInput => {
  seq++;
  return {
    workspaceId: 'ws',
    eventId: `evt-${seq}`,
    occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, seq % 60)),
    channel: 'web',
    type: 'message',
    identities: { cookie: `ck-${seq}` },
    ...overrides,
  };
};

/** What a result says, without generated ids: the same on every adapter or not. */
function summary(result: IngestResult | undefined) {
  if (!result) return 'missing';
  if (result.ok) return { ok: true, kind: result.outcome.kind, duplicate: result.outcome.duplicate };
  const error = result.error;
  return {
    ok: false,
    error: error.constructor.name,
    field: error instanceof ValidationError ? error.field : undefined,
  };
}

/** Runs `probe` on every adapter (each on a fresh store) and returns its answers by adapter. */
async function onEveryAdapter<T>(probe: (adapter: AdapterKit) => Promise<T>): Promise<Map<string, T>> {
  adapters = await stores.reset();
  const out = new Map<string, T>();
  for (const adapter of adapters) out.set(adapter.name, await probe(adapter));
  return out;
}

function assertSameEverywhere<T>(answers: Map<string, T>): T {
  const [first, ...rest] = [...answers.values()];
  for (const [name, answer] of answers) assert.deepEqual(answer, first, `${name} differs from memory`);
  assert.equal(rest.length, 2);
  return first!;
}

describe('one bad event in a batch (issue 12, items 1 and 2)', () => {
  const bad: Array<[string, Partial<ChatEventInput>, string]> = [
    ['NUL in a tag', { tags: ['a\u0000'] }, 'event.tags.0'],
    ['NUL in an email', { identities: { email: 'ana\u0000@example.com' } }, 'event.identities.email'],
    ['NUL in a cookie', { identities: { cookie: 'ck\u0000' } }, 'event.identities.cookie'],
    ['NUL in the channel', { channel: 'web\u0000' }, 'event.channel'],
    ['NUL in the event id', { eventId: 'evt\u0000' }, 'event.eventId'],
    ['NUL in the workspace id', { workspaceId: 'ws\u0000' }, 'event.workspaceId'],
    ['an unpaired surrogate in a cookie', { identities: { cookie: 'sur\uD800' } }, 'event.identities.cookie'],
    ['an unpaired surrogate in the event id', { eventId: 'evt\uDC00' }, 'event.eventId'],
    ['occurredAt 8.64e15 (year 275760)', { occurredAt: 8.64e15 }, 'event.occurredAt'],
    ['occurredAt 9999-12-31', { occurredAt: '9999-12-31T00:00:00Z' }, 'event.occurredAt'],
    [
      'an order of 1e308',
      { type: 'order', order: { orderId: 'o-big', amount: 1e308, currency: 'USD' } },
      'event.order.amount',
    ],
  ];
  for (const [what, overrides, field] of bad) {
    it(`${what}: that event's ValidationError names ${field}; the good events around it are stored`, async () => {
      const answers = await onEveryAdapter(async ({ kit }) => {
        const batch = [
          event({ identities: { email: 'good1@example.com' } }),
          event(overrides),
          event({ identities: { email: 'good2@example.com' } }),
        ];
        const results = await kit.contacts.ingestBatch(batch);
        const stored = await Promise.all(
          ['good1@example.com', 'good2@example.com'].map((email) =>
            kit.contacts.findByIdentity('ws', 'email', email).then((c) => c !== null),
          ),
        );
        return { results: results.map(summary), stored };
      });
      const answer = assertSameEverywhere(answers);
      assert.deepEqual(answer.stored, [true, true]);
      assert.deepEqual(answer.results[1], { ok: false, error: 'ValidationError', field });
      assert.equal((answer.results[0] as { ok: boolean }).ok, true);
      assert.equal((answer.results[2] as { ok: boolean }).ok, true);
    });
  }

  it('human text keeps what can be kept: NUL removed, unpaired surrogates as U+FFFD, NFC, alike everywhere', async () => {
    const answers = await onEveryAdapter(async ({ kit }) => {
      const result = await kit.contacts.ingest(
        event({
          identities: { email: 'ana@example.com' },
          profile: { name: 'Ana\uD800 Jose\u0301', company: 'Acme\u0000 Inc' },
          customFields: { plan: 'pro\uDFFF', tiers: ['a\u0000', 'b\uD800'] },
          conversation: { id: 'conv-1' },
          // A pair cut at the preview's 140th code unit would leave half an emoji behind.
          message: { text: `${'x'.repeat(139)}\u{1F600} and NUL\u0000` },
        }),
      );
      const view = await kit.contacts.getContact('ws', result.contactId);
      return {
        profile: view?.contact.profile,
        customFields: view?.contact.customFields,
        preview: view?.conversations[0]?.lastMessagePreview,
      };
    });
    const answer = assertSameEverywhere(answers);
    assert.equal(answer.profile?.name, 'Ana\uFFFD José');
    assert.equal(answer.profile?.company, 'Acme Inc');
    assert.deepEqual(answer.customFields, { plan: 'pro\uFFFD', tiers: ['a', 'b\uFFFD'] });
    assert.equal(answer.preview, 'x'.repeat(139));
  });

  it('the same key twice: a redelivered event is a duplicate, and a refused cookie stays refused (never IdentityTakenError)', async () => {
    const answers = await onEveryAdapter(async ({ kit }) => {
      const first = event({ eventId: 'evt-é\u{1F600}', identities: { cookie: 'ck-é\u{1F600}' } });
      const results = await kit.contacts.ingestBatch([
        first,
        { ...first },
        event({ identities: { cookie: 'sur\uD800' } }),
        event({ identities: { cookie: 'sur\uD800' } }),
        event({ identities: { cookie: 'sur\uD801' } }),
        event({ identities: { cookie: 'ck-é\u{1F600}' } }),
      ]);
      return results.map(summary);
    });
    const answer = assertSameEverywhere(answers);
    assert.deepEqual(answer.slice(0, 2), [
      { ok: true, kind: 'created', duplicate: false },
      { ok: true, kind: 'created', duplicate: true },
    ]);
    for (const refused of answer.slice(2, 5))
      assert.deepEqual(refused, { ok: false, error: 'ValidationError', field: 'event.identities.cookie' });
    assert.deepEqual(answer[5], { ok: true, kind: 'matched', duplicate: false });
  });
});

describe('amounts and dates have a range (item 11)', () => {
  it('amounts up to a trillion add up alike everywhere; 9999-12-31 is refused, 2199-12-31 kept', async () => {
    const answers = await onEveryAdapter(async ({ kit }) => {
      const order = (orderId: string, amount: number) =>
        event({
          type: 'order',
          identities: { email: 'buyer@example.com' },
          order: { orderId, amount, currency: 'USD' },
        });
      const results = await kit.contacts.ingestBatch([
        order('o1', 1e12),
        order('o2', 1e12),
        event({ identities: { email: 'buyer@example.com' }, occurredAt: '2199-12-31T23:59:59.999Z' }),
        event({ identities: { email: 'buyer@example.com' }, occurredAt: '9999-12-31T00:00:00Z' }),
      ]);
      const contact = await kit.contacts.findByIdentity('ws', 'email', 'buyer@example.com');
      return {
        results: results.map(summary),
        amountSpent: contact?.stats.amountSpent,
        lastSeenAt: contact?.stats.lastSeenAt.toISOString(),
      };
    });
    const answer = assertSameEverywhere(answers);
    assert.equal(answer.amountSpent, 2e12);
    assert.equal(answer.lastSeenAt, '2199-12-31T23:59:59.999Z');
    assert.deepEqual(answer.results[3], { ok: false, error: 'ValidationError', field: 'event.occurredAt' });
  });
});

describe('names are stored as written, keys are folded (item 14)', () => {
  it('keeps ¡™£ªº, ⅛⅜, full-width letters and 40 × ﷺ as typed (NFC), alike everywhere', async () => {
    const names = ['¡™£ªº', '⅛⅜', 'Ｆｕｌｌ Ｗｉｄｔｈ', '\uFDFA'.repeat(40), 'Jose\u0301 Mu\u0308ller'];
    const answers = await onEveryAdapter(async ({ kit }) => {
      const out: Array<string | undefined> = [];
      for (const [i, name] of names.entries()) {
        const { contactId } = await kit.contacts.ingest(
          event({ identities: { email: `n${i}@example.com` }, profile: { name } }),
        );
        out.push((await kit.contacts.getContact('ws', contactId))?.contact.profile.name);
      }
      return out;
    });
    assert.deepEqual(assertSameEverywhere(answers), [
      '¡™£ªº',
      '⅛⅜',
      'Ｆｕｌｌ Ｗｉｄｔｈ',
      '\uFDFA'.repeat(40),
      'José Müller',
    ]);
  });

  it('a tag that normalizes to nothing is refused; a cookie that does is no identity; tags are stored normalized', async () => {
    const answers = await onEveryAdapter(async ({ kit }) => {
      const results = await kit.contacts.ingestBatch([
        event({ identities: { email: 'tags@example.com' }, tags: ['\u200B'] }),
        event({ identities: { cookie: '\u200B' } }),
        event({ identities: { email: 'tags@example.com' }, tags: [' vip ', 'vip', 'Jose\u0301'] }),
      ]);
      const contact = await kit.contacts.findByIdentity('ws', 'email', 'tags@example.com');
      return { results: results.map(summary), tags: contact?.tags };
    });
    const answer = assertSameEverywhere(answers);
    assert.deepEqual(answer.results[0], { ok: false, error: 'ValidationError', field: 'event.tags.0' });
    // An event whose only identity is unusable is kept, on an anonymous contact (identity.withoutIdentity).
    assert.deepEqual(answer.results[1], { ok: true, kind: 'created', duplicate: false });
    assert.deepEqual(answer.tags, ['vip', 'José']);
  });
});
