/**
 * CSV import (decode, sniff, map, validate) and export (columns, presets, formula neutralisation).
 *
 * @packageDocumentation
 * @module contactkit/csv
 */
export * from '../csv/index.js';
