/**
 * The segment filter language, its in-memory meaning, and the built-in segments.
 *
 * @packageDocumentation
 * @module contactkit/segments
 */
export * from '../segments/index.js';
