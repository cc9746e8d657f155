import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ContactkitError, ValidationError } from '../../src/errors/errors.js';
import type { IngestResult } from '../../src/intake/outcome.js';
import type { ChatEventInput } from '../../src/model/chat-event.js';
import { type AdapterKit, type ThreeStores, threeStores } from '../support/three-stores.js';

/*
 * Issue 12's property: any string, ingested as a name, an identity, a tag or a custom value, gives the
 * same result on memory, SQLite and Postgres (stored alike, or the same typed error), and a second
 * ingest with the same identity finds the contact the first made. The strings: a subset of the Big List
 * of Naughty Strings (test/fixtures/naughty-strings.json, MIT), and generated ones full of NUL, unpaired
 * surrogates, non-characters, combining marks and invisible characters.
 */

const NAUGHTY: readonly string[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/naughty-strings.json'), 'utf8'),
).strings;

/** One code unit or code point at a time, weighted toward what stores and normalization trip on. */
const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000', // NUL: Postgres refuses it in text and jsonb
      '\uD800', // unpaired high surrogate
      '\uDBFF',
      '\uDC00', // unpaired low surrogate
      '\uDFFF',
      '\uFFFE', // non-characters
      '\uFFFF',
      '\uFDD0',
      '\u{1FFFE}',
      '\u{10FFFF}',
      '\u0301', // combining acute: NFC composes it
      '\u200B', // zero-width space
      '\uFEFF', // BOM
      '\u00A0',
      ' ',
      '\t',
      '\n',
      '\u{1F600}',
      'ﷺ',
      '™',
      'Ａ',
    ),
  },
);
const hostileString = fc.string({ unit: hostileUnit, minLength: 0, maxLength: 12 });

/** What one ingest gave, without generated ids. */
type Answer =
  | { ok: true; kind: string; duplicate: boolean }
  | { ok: false; error: string; field: string | undefined; typed: boolean };

function answer(result: IngestResult | undefined): Answer {
  assert.ok(result, 'no result');
  if (result.ok) return { ok: true, kind: result.outcome.kind, duplicate: result.outcome.duplicate };
  return {
    ok: false,
    error: result.error.constructor.name,
    field: result.error instanceof ValidationError ? result.error.field : undefined,
    typed: result.error instanceof ContactkitError,
  };
}

interface Probe {
  readonly results: Answer[];
  /** Per string: the name, tags and custom value stored, and the cookie's identity as stored. */
  readonly stored: unknown[];
  /**
   * Per string: whether the second ingest of the cookie found the contact the first one made (or, for a
   * string that is no usable identity, made an anonymous contact of its own again).
   */
  readonly sameContact: boolean[];
}

/** Ingests every string in every role on one adapter, in workspace `ws`, and reads back what was stored. */
async function probe({ kit }: AdapterKit, ws: string, strings: readonly string[]): Promise<Probe> {
  let seq = 0;
  const event = (overrides: Partial<ChatEventInput>): ChatEventInput => ({
    workspaceId: ws,
    eventId: `e${++seq}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    channel: 'web',
    type: 'message',
    identities: {},
    ...overrides,
  });
  const roles = strings.flatMap((s, i) => [
    event({ identities: { userId: `name-${i}` }, profile: { name: s } }),
    event({ identities: { userId: `tag-${i}` }, tags: [s] }),
    event({ identities: { userId: `custom-${i}` }, customFields: { note: s, list: [s] } }),
    event({ identities: { cookie: s } }),
    event({ identities: { custom: { crm_id: s } } }),
  ]);
  const first = await kit.contacts.ingestBatch(roles);
  // The same identities again, as new events: each must find what the first ingest made.
  const again = await kit.contacts.ingestBatch(
    strings.flatMap((s) => [
      event({ identities: { cookie: s } }),
      event({ identities: { custom: { crm_id: s } } }),
    ]),
  );
  const stored: unknown[] = [];
  const sameContact: boolean[] = [];
  for (const [i] of strings.entries()) {
    const at = (k: number) => first[i * 5 + k];
    const read = async (result: IngestResult | undefined) =>
      result?.ok ? kit.contacts.getContact(ws, result.outcome.contactId) : null;
    const [name, tag, custom, cookie] = await Promise.all([
      read(at(0)),
      read(at(1)),
      read(at(2)),
      read(at(3)),
    ]);
    stored.push({
      name: name?.contact.profile.name,
      tags: tag?.contact.tags,
      custom: custom?.contact.customFields,
      cookie: cookie?.identities.map((id) => [id.type, id.value, id.raw]),
    });
    for (const k of [3, 4]) {
      const a = at(k);
      const b = again[i * 2 + (k - 3)];
      // A string that is no usable identity gives each event an anonymous contact of its own
      // (identity.withoutIdentity): the second is anonymous again, never matched to the first.
      const anonymous = (r: IngestResult | undefined) =>
        r?.ok === true && r.outcome.created && r.outcome.attached.length === 0;
      sameContact.push(
        a?.ok === true
          ? anonymous(a)
            ? anonymous(b) && b?.ok === true && b.outcome.contactId !== a.outcome.contactId
            : b?.ok === true && b.outcome.contactId === a.outcome.contactId
          : b?.ok === false,
      );
    }
  }
  return { results: [...first, ...again].map(answer), stored, sameContact };
}

/** Runs the probe on every adapter and checks the property; returns memory's answers. */
async function checkEverywhere(adapters: readonly AdapterKit[], ws: string, strings: readonly string[]) {
  const [memory, ...others] = await Promise.all(adapters.map((a) => probe(a, ws, strings)));
  for (const [n, other] of others.entries()) {
    const name = adapters[n + 1]!.name;
    assert.deepEqual(other.results, memory!.results, `${name} answered differently from memory`);
    assert.deepEqual(other.stored, memory!.stored, `${name} stored differently from memory`);
  }
  for (const probe of [memory!, ...others]) {
    // Every refusal is typed: a ValidationError naming the field, never a driver's error.
    for (const r of probe.results)
      if (!r.ok) assert.ok(r.typed && r.error === 'ValidationError', JSON.stringify(r));
    for (const [k, same] of probe.sameContact.entries()) {
      const string = JSON.stringify(strings[Math.floor(k / 2)]);
      assert.ok(same, `string ${string}: the second ingest found another contact`);
    }
  }
  return memory!;
}

let stores: ThreeStores;
beforeAll(async () => {
  stores = await threeStores();
  console.info(`unicode strings: postgres on ${stores.postgresEngine}`);
});
afterAll(async () => stores?.close());

describe('any string as a name, an identity, a tag or a custom value, on memory, SQLite and Postgres', () => {
  it('the Big List of Naughty Strings (subset): the same result everywhere', {
    timeout: 120_000,
  }, async () => {
    assert.ok(NAUGHTY.length > 200);
    const memory = await checkEverywhere(stores.adapters, 'blns', NAUGHTY);
    // Most of them are ordinary text as far as storage goes, and are stored.
    assert.ok(memory.results.filter((r) => r.ok).length > NAUGHTY.length * 4);
  });

  it('generated strings with NUL, unpaired surrogates and non-characters: the same result everywhere', {
    timeout: 300_000,
  }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 12 }), async (strings) => {
        await checkEverywhere(stores.adapters, `gen${++run}`, strings);
      }),
      { numRuns: 40 },
    );
  });
});
