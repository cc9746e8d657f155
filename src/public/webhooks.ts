/**
 * Webhook delivery planning, retry schedule, signing and verification, and the change feed's model.
 *
 * @packageDocumentation
 * @module contactkit/webhooks
 */

export * from '../sync/index.js';
export * from '../webhooks/index.js';
