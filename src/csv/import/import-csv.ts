import type { ByteSource } from './decode/decode.js';
import { type ColumnMapping, type MapColumnsOptions, mapColumns } from './map/map-columns.js';
import type { CsvRecord } from './parse.js';
import { type CsvFile, type ReadCsvOptions, readCsv } from './read-csv.js';
import type { ImportRowResult } from './rows/candidate.js';
import { createRowValidator, type ValidateRowOptions } from './validate/validate-row.js';

/** Data rows read before mapping, to recognise columns by their values. */
const SAMPLE_ROWS = 50;

/** Options for {@link importCsv}: how to read the file, map its columns and validate its rows. */
export interface ImportCsvOptions extends ReadCsvOptions, MapColumnsOptions, ValidateRowOptions {}

/** An import under way: what was detected, the mapping, and the row results still to be read. */
export interface CsvImport {
  /** What was detected. Its `records` are consumed by `results`: do not iterate them yourself. */
  readonly file: CsvFile;
  readonly mapping: ColumnMapping;
  /** One result per non-blank data row, in file order, streaming. Iterate once. */
  readonly results: AsyncGenerator<ImportRowResult, void, undefined>;
}

/**
 * The whole pure import pipeline over a byte stream: decode, sniff, parse, map, validate. Nothing is
 * stored; the service consumes `results` (in batches with {@link inBatches}) and resolves identities.
 *
 * @throws {@link contactkit!ValidationError} for a bad file (binary, empty, header only, no identity column) or bad
 * options, before any row is read; never for a bad row.
 * @example
 * ```ts
 * const run = await importCsv(fs.createReadStream('shopify.csv'), { defaultCountry: 'US' });
 * for await (const batch of inBatches(run.results, 500)) {
 *   const good = batch.filter((r) => r.ok).map((r) => r.candidate);
 *   // resolve and write `good`; report the rejections
 * }
 * ```
 */
export async function importCsv(source: ByteSource, options: ImportCsvOptions = {}): Promise<CsvImport> {
  const file = await readCsv(source, options);
  // The first rows let columns with uninformative headers be recognised by their values; they are
  // read once and then validated like the rest.
  const sample: CsvRecord[] = [];
  while (sample.length < SAMPLE_ROWS) {
    const next = await file.records.next();
    if (next.done) break;
    sample.push(next.value);
  }
  const mapping = mapColumns(
    file.header,
    {
      ...(options.preset === undefined ? {} : { preset: options.preset }),
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    },
    { rows: sample.map((r) => r.cells), defaultCountry: options.defaultCountry },
  );
  const validate = createRowValidator(mapping, {
    ...(options.defaultCountry === undefined ? {} : { defaultCountry: options.defaultCountry }),
  });
  async function* results(): AsyncGenerator<ImportRowResult, void, undefined> {
    for (const record of sample) yield validate(record);
    for await (const record of file.records) yield validate(record);
  }
  return { file, mapping, results: results() };
}

/**
 * Groups an async iterable into arrays of at most `size`, for writing in batches. Only one batch is held
 * at a time.
 *
 * @example
 * ```ts
 * for await (const batch of inBatches(run.results, 1000)) await service.importBatch(batch);
 * ```
 */
export async function* inBatches<T>(
  items: AsyncIterable<T> | Iterable<T>,
  size: number,
): AsyncGenerator<T[]> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
