import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/csv/import/import-csv.js';
import { mapColumns } from '../../src/csv/import/map/map-columns.js';
import { ImportCandidateSchema } from '../../src/csv/import/rows/candidate.js';
import { createRowValidator } from '../../src/csv/import/validate/validate-row.js';
import { ContactkitError } from '../../src/errors/errors.js';

const HEADER = [
  'Email',
  'Phone',
  'Name',
  'First Name',
  'Country',
  'Zip',
  'Tags',
  'Accepts Marketing',
  'Total Spent',
  'Total Orders',
  'Customer ID',
  'Note',
  'Anything',
];

describe('hostile input', () => {
  it('never throws for a row, whatever its cells; every candidate passes the schema', () => {
    const validate = createRowValidator(mapColumns(HEADER, { preset: 'shopify' }), { defaultCountry: 'US' });
    const cell = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom("'+14155552671", '=1+2', '"VIP","Blog"', 'Deutschland', '-0', '1e309', 'NaN', '\u0000'),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: HEADER.length + 3 }), (cells) => {
        const result = validate({ row: 1, cells });
        if (result.ok) expect(ImportCandidateSchema.safeParse(result.candidate).success).toBe(true);
        else expect(result.rejection.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('either imports arbitrary bytes or refuses them with a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        try {
          const run = await importCsv(bytes);
          for await (const _ of run.results) {
            // drain
          }
        } catch (e) {
          expect(e).toBeInstanceOf(ContactkitError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('either imports CSV-like text or refuses it with a typed error', async () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '@', '.', '"', ',', ';', '\n', '\r', '\t', '1', '+', ' ', 'é', 'E', 'm'),
    });
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        try {
          const run = await importCsv(new TextEncoder().encode(`Email,Phone\n${body}`), {
            defaultCountry: 'US',
          });
          for await (const _ of run.results) {
            // drain
          }
        } catch (e) {
          expect(e).toBeInstanceOf(ContactkitError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
