import type { ByteSource, CsvEncoding } from '../decode/decode.js';
import { type ImportCsvOptions, importCsv } from '../import-csv.js';
import type { PresetName } from '../presets/index.js';
import type { ImportRowResult } from '../rows/candidate.js';
import type { CsvDelimiter } from '../sniff/sniff-delimiter.js';
import type { ColumnMapping, MappingSource } from './map-columns.js';
import { targetName } from './target.js';

/** What an import would do, for a person to check before it runs. */
export interface ImportPreview {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  readonly preset: PresetName | undefined;
  readonly ambiguousWith: readonly PresetName[];
  /** Each column, the target name it maps to (`identity.email`, `custom.plan`, `ignore`…) and why. */
  readonly columns: ReadonlyArray<{ header: string; target: string; via: MappingSource }>;
  /** The first rows as they would be stored, or why they would be rejected. */
  readonly rows: readonly ImportRowResult[];
}

/**
 * Describes a mapping as header → target name, the form the user edits and passes back as `overrides`.
 *
 * @example
 * ```ts
 * describeMapping(mapColumns(['Email'])) // [{ header: 'Email', target: 'identity.email', via: 'synonym' }]
 * ```
 */
export function describeMapping(mapping: ColumnMapping): ImportPreview['columns'] {
  return mapping.columns.map((c) => ({ header: c.header, target: targetName(c.target), via: c.via }));
}

/**
 * Previews an import: the detected encoding, delimiter and preset, the column mapping, and the first
 * `rows` rows (default 20) as they would be stored. Reads only as much of the source as needed.
 *
 * @throws {@link contactkit!ValidationError} for a bad file, like {@link importCsv}.
 * @example
 * ```ts
 * const preview = await previewImport(bytes, { rows: 5, overrides: { Plan: 'custom.plan' } });
 * preview.columns // [{ header: 'Email Address', target: 'identity.email', via: 'preset' }, …]
 * ```
 */
export async function previewImport(
  source: ByteSource,
  options: ImportCsvOptions & { readonly rows?: number } = {},
): Promise<ImportPreview> {
  const run = await importCsv(source, options);
  const limit = options.rows ?? 20;
  const rows: ImportRowResult[] = [];
  if (limit > 0) {
    for await (const result of run.results) {
      rows.push(result);
      if (rows.length >= limit) break;
    }
  }
  return {
    encoding: run.file.encoding,
    delimiter: run.file.delimiter,
    preset: run.mapping.preset,
    ambiguousWith: run.mapping.ambiguousWith,
    columns: describeMapping(run.mapping),
    rows,
  };
}
