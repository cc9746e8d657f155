/**
 * Identity resolution as pure functions: the claims an event makes, the decision it leads to, and contact edits.
 *
 * @packageDocumentation
 * @module contactkit/identity
 */

export * from '../contact/index.js';
export * from '../identity/index.js';
export * from '../intake/index.js';
