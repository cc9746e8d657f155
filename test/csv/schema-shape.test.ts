import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/csv/import/import-csv.js';
import { mapColumns } from '../../src/csv/import/map/map-columns.js';
import { type ImportCandidate, ImportCandidateSchema } from '../../src/csv/import/rows/candidate.js';
import {
  CandidateEventOptionsSchema,
  candidateEvent,
  candidateToChatEvent,
} from '../../src/csv/import/rows/candidate-event.js';
import { createRowValidator } from '../../src/csv/import/validate/validate-row.js';
import { ChatEventSchema } from '../../src/model/chat-event.js';

// The validator skips ImportCandidateSchema when cheap checks vouch for a row, and the import service
// skips ChatEventSchema for the events it builds: what they give must be what parsing would, down to
// key order and keys present as undefined.
function shape(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x instanceof Date) return `Date(${x.getTime()})`;
  if (Array.isArray(x)) return `[${x.map(shape).join(',')}]`;
  if (x !== null && typeof x === 'object')
    return `{${Object.entries(x)
      .map(([k, v]) => `${JSON.stringify(k)}:${shape(v)}`)
      .join(',')}}`;
  return JSON.stringify(x);
}

const expectAsParsed = (candidate: ImportCandidate) =>
  expect(shape(candidate)).toBe(shape(ImportCandidateSchema.parse(candidate)));

const fixtures = join(import.meta.dirname, 'fixtures');

describe('candidates and events built without parsing', () => {
  it('are what the schemas would give, for every fixture row', async () => {
    const options = {
      workspaceId: 'w',
      importId: 'imp',
      occurredAt: new Date(0),
      profileOrigin: 'import' as const,
    };
    const parsedOptions = CandidateEventOptionsSchema.parse(options);
    for (const name of readdirSync(fixtures)) {
      for (const defaultCountry of ['US', 'DE']) {
        const run = await importCsv(readFileSync(join(fixtures, name)), { defaultCountry });
        for await (const result of run.results) {
          if (!result.ok) continue;
          expectAsParsed(result.candidate);
          const built = candidateEvent(result.candidate, parsedOptions);
          const parsed = ChatEventSchema.parse(candidateToChatEvent(result.candidate, options));
          expect(shape(built)).toBe(shape(parsed));
        }
      }
    }
  });

  it('are what the schema would give, for hostile cells', () => {
    const header = [
      'Email',
      'Phone',
      'Full Name',
      'First Name',
      'Last Name',
      'Country',
      'Zip',
      'City',
      'Tags',
      'Accepts Marketing',
      'Total Spent',
      'Total Orders',
      'Customer ID',
      'Note',
      'Company',
      'Anything',
    ];
    const validate = createRowValidator(mapColumns(header, { preset: 'shopify' }), { defaultCountry: 'US' });
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'ana@example.com',
        'a@x.com; b@y.com',
        '(415) 555-2671',
        "'+14155552671",
        'MARÍA DE LA CRUZ',
        'van Dijk',
        'Deutschland',
        'Atlantis',
        '"VIP","Blog"',
        'x'.repeat(101),
        'x'.repeat(301),
        'x'.repeat(10_001),
        '1e309',
        '$1,234.50',
        '99999999999999999999',
        'yes',
        'maybe',
        // Text the store policy changes or refuses (src/model/primitives.ts).
        'x\u0000y',
        'sur\uD800',
        'Jose\u0301 Mu\u0308ller',
        '\uFDFA'.repeat(40),
        '\u200B',
        '1e13',
        'a\u{1F600}b',
      ),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: header.length + 2 }), (cells) => {
        const result = validate({ row: 1, cells });
        if (result.ok) expectAsParsed(result.candidate);
      }),
      { numRuns: 1000 },
    );
  });
});
