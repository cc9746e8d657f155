/**
 * Follow-up and human-review rules: triggers, quiet hours, channel rules and the item lifecycles.
 *
 * @packageDocumentation
 * @module contactkit/followups
 */
export * from '../followups/index.js';
export * from '../review/index.js';
