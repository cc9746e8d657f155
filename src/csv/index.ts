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
  type FormulaDefence,
  neutralizeFormula,
  neutralizeFormulaForImport,
  type ResolvedColumn,
  resolveColumns,
  valueText,
  writeContactsCsv,
  writeContactsJson,
  writeContactsNdjson,
  writeContactsXlsx,
} from './export/index.js';
export {
  type ByteSource,
  type CsvEncoding,
  type DecodedText,
  type DecodeOptions,
  decodeCsvBuffer,
  decodeCsvBytes,
  MixedEncodingError,
} from './import/decode/decode.js';
export { decodeWindows1252 } from './import/decode/windows-1252.js';
export { type CsvImport, type ImportCsvOptions, importCsv, inBatches } from './import/import-csv.js';
export { customFieldKey, headerKey } from './import/map/header-key.js';
export { inferTargetFromValues } from './import/map/infer-from-values.js';
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
} from './import/map/map-columns.js';
export { describeMapping, type ImportPreview, previewImport } from './import/map/preview.js';
export { type ImportTarget, ImportTargetSchema, parseTarget, targetName } from './import/map/target.js';
export { type CsvRecord, detectNewline, type ParseCsvOptions, parseCsvRecords } from './import/parse.js';
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
} from './import/presets/index.js';
export {
  type CheckedCsvFile,
  type CsvFile,
  checkCsvFile,
  type ReadCsvOptions,
  readCsv,
} from './import/read-csv.js';
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
} from './import/rows/candidate.js';
export {
  type CandidateEventOptions,
  CandidateEventOptionsSchema,
  candidateToChatEvent,
} from './import/rows/candidate-event.js';
export { type ErrorsCsvOptions, writeErrorsCsv } from './import/rows/errors-csv.js';
export { CSV_DELIMITERS, type CsvDelimiter, sniffDelimiter } from './import/sniff/sniff-delimiter.js';
export { parseAmount, parseBoolean, parseTime, stripTextMarker } from './import/validate/cell-values.js';
export { type ConsentCells, consentFact } from './import/validate/consent.js';
export { countryCode } from './import/validate/country.js';
export { joinListCell, splitListCell } from './import/validate/list-cell.js';
export { parseTags } from './import/validate/tags.js';
export {
  createRowValidator,
  type ValidateRowOptions,
  ValidateRowOptionsSchema,
} from './import/validate/validate-row.js';
