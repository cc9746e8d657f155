/** The delimiters an import file may use. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * Counts each candidate delimiter per record outside quoted fields, for the first `maxRecords` records.
 * A newline inside quotes does not end a record, so a quoted address does not skew the counts.
 */
function countPerRecord(text: string, maxRecords: number): Map<CsvDelimiter, number[]> {
  const counts = new Map<CsvDelimiter, number[]>(CSV_DELIMITERS.map((d) => [d, [0]]));
  let inQuotes = false;
  let records = 0;
  let recordHasText = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      // A doubled quote inside quotes is an escaped quote, which toggling twice handles.
      inQuotes = !inQuotes;
      recordHasText = true;
      continue;
    }
    if (inQuotes) continue;
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (!recordHasText) continue; // blank lines say nothing
      records++;
      if (records >= maxRecords) break;
      for (const list of counts.values()) list.push(0);
      recordHasText = false;
      continue;
    }
    recordHasText = true;
    const list = counts.get(c as CsvDelimiter);
    if (list) list[list.length - 1]!++;
  }
  // Drop the last record when the sample cut it off mid-way, and a trailing empty one.
  for (const list of counts.values()) {
    if (records > 0 && (inQuotes || !recordHasText || list.length > records)) list.length = records;
  }
  return counts;
}

/**
 * Guesses the delimiter of a CSV sample: the candidate that splits the first records into the same number
 * of cells, most often, with the most cells. Quote-aware. Falls back to `,` (a one-column file).
 *
 * @param sample - the start of the decoded file; a few kilobytes are enough.
 * @example
 * ```ts
 * sniffDelimiter('Email;Name\na@x.com;"Lima; Ana"\n') // ";"
 * ```
 */
export function sniffDelimiter(sample: string, maxRecords = 20): CsvDelimiter {
  const counts = countPerRecord(sample, maxRecords);
  let best: { delimiter: CsvDelimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of CSV_DELIMITERS) {
    const list = counts.get(delimiter)!;
    const header = list[0] ?? 0;
    if (header === 0) continue;
    // Share of records with as many delimiters as the header: ragged rows lower it, but do not rule out.
    const consistent = list.filter((n) => n === header).length / list.length;
    const score = consistent * 1000 + Math.min(header, 999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
