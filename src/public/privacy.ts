/**
 * Subject export, erasure and retention planning, and consent.
 *
 * @packageDocumentation
 * @module contactkit/privacy
 */
export * from '../privacy/index.js';
