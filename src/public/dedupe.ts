/**
 * Duplicate detection (Fellegi-Sunter matching, blocking, clustering, explanations) and merge planning, as pure functions.
 *
 * @packageDocumentation
 * @module contactkit/dedupe
 */
export * from '../dedupe/index.js';
export * from '../merge/index.js';
