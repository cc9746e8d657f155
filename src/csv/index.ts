export {
  ExtraIdentitySchema,
  type ImportCandidate,
  ImportCandidateSchema,
  type ImportConsent,
  ImportConsentSchema,
  type ImportRejection,
  ImportRejectionSchema,
  type ImportRowResult,
  type ImportStats,
  ImportStatsSchema,
  type RowIssue,
  RowIssueSchema,
} from './candidate.js';
export {
  type CandidateEventOptions,
  CandidateEventOptionsSchema,
  candidateToChatEvent,
} from './candidate-event.js';
export { parseAmount, parseBoolean, parseTime, stripTextMarker } from './cell-values.js';
export { type ConsentCells, consentFact } from './consent.js';
export { countryCode } from './country.js';
export {
  type ByteSource,
  type CsvEncoding,
  type DecodedText,
  type DecodeOptions,
  decodeCsvBuffer,
  decodeCsvBytes,
  MixedEncodingError,
} from './decode.js';
export { type ErrorsCsvOptions, writeErrorsCsv } from './errors-csv.js';
export {
  type ContactsCsvOptions,
  type ContactsJsonOptions,
  type ContactsXlsxOptions,
  csvCell,
  csvLine,
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_PRESET_NAMES,
  EXPORT_PRESETS,
  type ExportColumn,
  type ExportPresetName,
  type ExportRecord,
  type ExportValue,
  exportPresetColumns,
  neutralizeFormula,
  type ResolvedColumn,
  resolveColumns,
  valueText,
  writeContactsCsv,
  writeContactsJson,
  writeContactsNdjson,
  writeContactsXlsx,
} from './export/index.js';
export { customFieldKey, headerKey } from './header-key.js';
export { type CsvImport, type ImportCsvOptions, importCsv, inBatches } from './import-csv.js';
export { inferTargetFromValues } from './infer-from-values.js';
export { joinListCell, splitListCell } from './list-cell.js';
export {
  assertIdentityColumn,
  type ColumnMapping,
  type ColumnSample,
  identityColumns,
  type MapColumnsOptions,
  MapColumnsOptionsSchema,
  type MappedColumn,
  type MappingSource,
  mapColumns,
} from './map-columns.js';
export { type CsvRecord, detectNewline, type ParseCsvOptions, parseCsvRecords } from './parse.js';
export {
  CHATWOOT,
  type CsvPreset,
  detectPreset,
  HUBSPOT,
  INTERCOM,
  KLAVIYO,
  MAILCHIMP,
  PRESET_NAMES,
  PRESETS,
  type PresetMatch,
  type PresetName,
  presetByName,
  SHOPIFY,
} from './presets/index.js';
export { describeMapping, type ImportPreview, previewImport } from './preview.js';
export {
  type CheckedCsvFile,
  type CsvFile,
  checkCsvFile,
  type ReadCsvOptions,
  readCsv,
} from './read-csv.js';
export { CSV_DELIMITERS, type CsvDelimiter, sniffDelimiter } from './sniff-delimiter.js';
export { parseTags } from './tags.js';
export { type ImportTarget, ImportTargetSchema, parseTarget, targetName } from './target.js';
export { createRowValidator, type ValidateRowOptions, ValidateRowOptionsSchema } from './validate-row.js';
export { decodeWindows1252 } from './windows-1252.js';
