export {
  DEFAULT_EXPORT_COLUMNS,
  type ExportColumn,
  type ExportRecord,
  type ExportValue,
  type ResolvedColumn,
  resolveColumns,
  valueText,
} from './columns.js';
export { type ContactsCsvOptions, writeContactsCsv } from './csv.js';
export {
  csvCell,
  csvLine,
  type FormulaDefence,
  neutralizeFormula,
  neutralizeFormulaForImport,
} from './csv-cell.js';
export { type ContactsJsonOptions, writeContactsJson, writeContactsNdjson } from './json.js';
export {
  EXPORT_PRESET_NAMES,
  EXPORT_PRESETS,
  type ExportPresetName,
  exportPresetColumns,
} from './presets.js';
export { type ContactsXlsxOptions, writeContactsXlsx } from './xlsx.js';
