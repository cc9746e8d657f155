/**
 * The contacts core: normalization, identity resolution, merge, dedupe, classification and scoring, segments, CSV, privacy, and the services over a store.
 *
 * @packageDocumentation
 * @module contactkit
 */
export * from './classify/index.js';
export * from './contact/index.js';
export * from './csv/index.js';
export * from './dedupe/index.js';
export * from './errors/index.js';
export * from './followups/index.js';
export * from './identity/index.js';
export * from './intake/index.js';
export * from './merge/index.js';
export * from './model/index.js';
export * from './normalize/index.js';
export * from './ports/index.js';
export * from './privacy/index.js';
export * from './review/index.js';
export * from './scoring/index.js';
export * from './segments/index.js';
export * from './service/index.js';
export * from './sync/index.js';
export * from './webhooks/index.js';
