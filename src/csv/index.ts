export {
  type ByteSource,
  type CsvEncoding,
  type DecodedText,
  type DecodeOptions,
  decodeCsvBuffer,
  decodeCsvBytes,
} from './decode.js';
export { type CsvRecord, detectNewline, type ParseCsvOptions, parseCsvRecords } from './parse.js';
export { type CsvFile, type ReadCsvOptions, readCsv } from './read-csv.js';
export { CSV_DELIMITERS, type CsvDelimiter, sniffDelimiter } from './sniff-delimiter.js';
export { decodeWindows1252, encodeWindows1252Char } from './windows-1252.js';
