/**
 * The zod schemas of every record and input, and the types inferred from them.
 *
 * @packageDocumentation
 * @module contactkit/model
 */
export * from '../model/index.js';
